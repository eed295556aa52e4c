import { Command, CommanderError } from 'commander';
import { registerAgent } from './commands/agent';
import { registerConfigSsh } from './commands/config-ssh';
import { registerLogin, registerLogout, registerWhoami } from './commands/login';
import { registerOrganizations } from './commands/organizations';
import { registerPortForward } from './commands/port-forward';
import { registerProvisioner } from './commands/provisioner';
import { registerServer } from './commands/server';
import { registerSsh } from './commands/ssh';
import { registerTemplates } from './commands/templates';
import { registerTerraformProvider } from './commands/terraform-provider';
import { registerTokens } from './commands/tokens';
import { registerUsers } from './commands/users';
import { registerWorkspaces } from './commands/workspaces';
import { registerSchedule } from './commands/schedule';
import { registerRename } from './commands/rename';
import { registerWorkspaceSettings } from './commands/workspace-settings';
import { registerState } from './commands/state';
import { registerDotfiles } from './commands/dotfiles';
import { registerExternalAuth } from './commands/external-auth';
import { registerGitssh } from './commands/gitssh';
import { registerNetcheck } from './commands/netcheck';
import { registerOpen } from './commands/open';
import { registerPing } from './commands/ping';
import { registerPublickey } from './commands/publickey';
import { registerResetPassword } from './commands/reset-password';
import { registerCreateAdminUser } from './commands/server-create-admin-user';
import { registerShow } from './commands/show';
import { registerSpeedtest } from './commands/speedtest';
import { registerStat } from './commands/stat';
import { registerSupport } from './commands/support';
import { registerVersion } from './commands/version';
import { registerVscodeSsh } from './commands/vscodessh';
import { CommandContext, describeError } from './context';
import { applyCoderFlagSyntax } from './flags';
import { isGitAskpass, runGitAskpass } from './gitaskpass';
import { CliError, type CliIO } from './io';
import { selfName } from './self';
import { versionLine } from './version-text';

export async function buildProgram(io: CliIO): Promise<Command> {
  const program = new Command(selfName())
    .description('Warren: self-hosted remote development workspaces (Coder-compatible)')
    .option('--url <url>', 'URL of the deployment (env: CODER_URL)')
    .option('--token <token>', 'session token to authenticate with (env: CODER_SESSION_TOKEN)')
    .option('--global-config <dir>', 'path to the CLI config folder (env: CODER_CONFIG_DIR)')
    .version(versionLine(), '--version')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  const ctx = new CommandContext(io, program);
  await registerServer(program, ctx);
  await registerAgent(program, ctx);
  registerLogin(program, ctx);
  registerLogout(program, ctx);
  registerWhoami(program, ctx);
  registerUsers(program, ctx);
  registerTokens(program, ctx);
  registerOrganizations(program, ctx);
  registerTemplates(program, ctx);
  registerWorkspaces(program, ctx);
  registerSchedule(program, ctx);
  registerRename(program, ctx);
  registerWorkspaceSettings(program, ctx);
  registerState(program, ctx);
  registerTerraformProvider(program, ctx);
  registerSsh(program, ctx);
  registerConfigSsh(program, ctx);
  registerPortForward(program, ctx);
  await registerProvisioner(program, ctx);
  registerCreateAdminUser(program.commands.find((c) => c.name() === 'server')!, ctx);
  registerShow(program, ctx);
  registerPing(program, ctx);
  registerSpeedtest(program, ctx);
  registerStat(program, ctx);
  registerDotfiles(program, ctx);
  registerExternalAuth(program, ctx);
  registerGitssh(program, ctx);
  registerPublickey(program, ctx);
  registerResetPassword(program, ctx);
  registerNetcheck(program, ctx);
  registerVscodeSsh(program, ctx);
  registerOpen(program, ctx);
  registerSupport(program, ctx);
  registerVersion(program, ctx);
  applyCoderFlagSyntax(program);
  return program;
}

/** Runs the CLI and returns the exit code; errors are printed as sentences. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  try {
    if (isGitAskpass(argv, io.env)) return await runGitAskpass(argv[0]!, io);
    const program = await buildProgram(io);
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    // A remote command's exit code is passed on without a message of our own.
    if (err instanceof CliError && err.message === '') return err.exitCode;
    io.stderr.write(`error: ${describeError(err)}\n`);
    // Anything may be thrown, undefined included.
    const exitCode = (err as { exitCode?: unknown } | null | undefined)?.exitCode;
    return typeof exitCode === 'number' && exitCode > 0 ? exitCode : 1;
  }
}
