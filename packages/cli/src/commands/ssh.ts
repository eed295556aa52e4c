/**
 * `warren ssh WORKSPACE[.AGENT] [-- command]`: an SSH session with the workspace agent over the
 * server's `/ssh` stream (ssh2's client on the WebSocket). Without a command it opens a shell, with
 * a terminal when run from one (raw mode, window resizes); with a command it runs it and exits with
 * its exit code. `--stdio` instead joins stdin/stdout to the raw SSH stream, for OpenSSH's
 * `ProxyCommand` (see `warren config-ssh`); OpenSSH's own -A, -L and -R then work through it.
 *
 * Coder's flags: -A (forward the local ssh-agent), -G (forward the local gpg-agent), -R (serve a
 * workspace port or socket that reaches a local one), -e (environment), --wait yes|no|auto (wait
 * for the startup scripts; auto follows the template) and the older --no-wait. For IDEs:
 * --ssh-host-prefix (the workspace is OpenSSH's `%h` less the prefix, `owner--workspace--agent`),
 * --network-info-dir/--network-info-interval (the VS Code extension's status figures) and
 * --usage-app (which app the connection counts as in the workspace's usage).
 */
import type { Command } from 'commander';
import { openAgentStream, resolveAgent } from '../agent-dial';
import { awaitAgent, parseWaitMode, shouldWait } from '../agent-wait';
import type { CommandContext } from '../context';
import { connectionLog } from '../connection-log';
import { CliError } from '../io';
import { collect } from '../output';
import { parseRemoteForward } from '../port-specs';
import { forwardGpg, RemoteForwards } from '../ssh-forwards';
import { connectSsh, runSession } from '../ssh-session';
import { proxyStdio } from '../stdio-proxy';
import { normalizeWorkspaceInput } from '../workspace-input';
import { durationFlag } from '../go-duration';

interface SshFlags {
  stdio?: boolean;
  forwardAgent?: boolean;
  forwardGpg?: boolean;
  identityAgent?: string;
  remoteForward?: string[];
  env?: string[];
  /** A mode, or false for --no-wait. */
  wait?: string | false;
  sshHostPrefix?: string;
  networkInfoDir?: string;
  networkInfoInterval: string;
  usageApp?: string;
  logDir?: string;
}

const USAGE_APPS = ['ssh', 'vscode', 'jetbrains'] as const;

/** Coder's --usage-app: `disable` reports nothing, an unknown name counts as ssh. */
export function usageAppOf(value: string | undefined): (typeof USAGE_APPS)[number] | undefined {
  if (value === 'disable') return undefined;
  return USAGE_APPS.find((a) => a === value) ?? 'ssh';
}

/** `-e A=1,B=2 -e C=3` → {A, B, C}. */
export function parseEnv(items: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of items.flatMap((i) => i.split(','))) {
    if (!item) continue;
    const eq = item.indexOf('=');
    if (eq <= 0) throw new CliError(`--env "${item}" must have the form key=value.`);
    env[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return env;
}

/** A boolean environment variable, read as Go's strconv.ParseBool reads it (as Coder does). */
export function envBool(name: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(raw)) return false;
  throw new CliError(`${name}="${raw}" is not a boolean: use true or false.`);
}

/** Coder reads a list from one variable as comma-separated values. */
const envList = (raw: string | undefined): string[] | undefined => (raw ? raw.split(',').filter(Boolean) : undefined);

export function registerSsh(program: Command, ctx: CommandContext): void {
  program
    .command('ssh')
    .description('Start a shell into a workspace or run a command in it')
    .argument('<workspace>', 'the workspace: [owner/]name[.agent]')
    .argument('[command...]', 'a command to run instead of a shell (after --)')
    .option('--stdio', 'join stdin and stdout to the SSH connection, for an OpenSSH ProxyCommand (env: CODER_SSH_STDIO)')
    .option('-A, --forward-agent', 'forward the SSH agent named by $SSH_AUTH_SOCK (env: CODER_SSH_FORWARD_AGENT)')
    .option('-G, --forward-gpg', 'forward the local gpg-agent; needs gpg and gpgconf on both sides and a running local gpg-agent (env: CODER_SSH_FORWARD_GPG)')
    .option('--identity-agent <socket>', 'the SSH agent to forward instead of $SSH_AUTH_SOCK; needs --forward-agent (env: CODER_SSH_IDENTITY_AGENT)')
    .option('-R, --remote-forward <remote_port:local_address:local_port>', 'serve a workspace port (or /remote/socket:/local/socket) that reaches a local one; repeatable (env: CODER_SSH_REMOTE_FORWARD)', collect)
    .option('-e, --env <key=value>', 'set environment variables for the session; repeatable, or comma-separated (env: CODER_SSH_ENV)', collect)
    .option('--wait <yes|no|auto>', 'wait for the startup scripts to finish before connecting; auto follows the template (env: CODER_SSH_WAIT) (default: auto)')
    .option('--no-wait', 'connect as soon as the agent is connected; deprecated: use --wait=no (env: CODER_SSH_NO_WAIT)')
    .option('--ssh-host-prefix <prefix>', 'strip this prefix from the workspace argument, as OpenSSH passes it with %h (env: CODER_SSH_SSH_HOST_PREFIX)')
    .option('--network-info-dir <dir>', 'write network information (latency, bytes per second) to <dir>/<ssh pid>.json, for IDEs')
    .option('--network-info-interval <duration>', 'how often to update the network information', '5s')
    .option('--log-dir <dir>', 'with --stdio, also write messages to <dir>/<ssh pid>.log (env: CODER_SSH_LOG_DIR)')
    .option('--disable-autostart', 'accepted for Coder compatibility: Warren never starts a stopped workspace on connect (env: CODER_SSH_DISABLE_AUTOSTART)')
    .option('--usage-app <app>', 'count the connection as this app in the workspace usage: ssh, vscode, jetbrains or disable', 'ssh')
    .action(async (rawRef: string, command: string[], flags: SshFlags) => {
      const { env } = ctx.io;
      const prefix = flags.sshHostPrefix ?? env.CODER_SSH_SSH_HOST_PREFIX;
      const ref = prefix && rawRef.startsWith(prefix) ? normalizeWorkspaceInput(rawRef.slice(prefix.length)) : rawRef;
      const networkInfoIntervalMs = durationFlag('--network-info-interval', flags.networkInfoInterval, 100);
      const stdio = flags.stdio ?? envBool('CODER_SSH_STDIO', env.CODER_SSH_STDIO) ?? false;
      const remoteForwards = (flags.remoteForward ?? envList(env.CODER_SSH_REMOTE_FORWARD) ?? []).map(parseRemoteForward);
      if (stdio && remoteForwards.length) throw new CliError('--remote-forward cannot be used with --stdio: give OpenSSH its own -R instead.');
      const sessionEnv = parseEnv(flags.env ?? envList(env.CODER_SSH_ENV) ?? []);
      const noWait = flags.wait === false || envBool('CODER_SSH_NO_WAIT', env.CODER_SSH_NO_WAIT) === true;
      const waitMode = parseWaitMode(typeof flags.wait === 'string' ? flags.wait : env.CODER_SSH_WAIT || 'auto');
      const forwardAgent = flags.forwardAgent ?? envBool('CODER_SSH_FORWARD_AGENT', env.CODER_SSH_FORWARD_AGENT) ?? false;
      const gpg = flags.forwardGpg ?? envBool('CODER_SSH_FORWARD_GPG', env.CODER_SSH_FORWARD_GPG) ?? false;
      const agentSocket = forwardAgent ? flags.identityAgent || env.CODER_SSH_IDENTITY_AGENT || env.SSH_AUTH_SOCK : undefined;

      const client = await ctx.client();
      const { workspace, agent } = await resolveAgent(client, ref);
      await awaitAgent(client, agent.id, { wait: !noWait && shouldWait(waitMode, agent), stderr: ctx.io.stderr });
      const usageApp = usageAppOf(flags.usageApp);
      if (usageApp) await client.reportWorkspaceUsage(workspace.id, { agent_id: agent.id, app_name: usageApp });
      if (stdio) {
        const log = await connectionLog(ctx.io.stderr, flags.logDir ?? env.CODER_SSH_LOG_DIR);
        try {
          return await proxyStdio(ctx, client, agent.id, { networkInfoDir: flags.networkInfoDir, networkInfoIntervalMs, onError: (m) => log.write(`${m}\n`) });
        } finally {
          log.end();
        }
      }
      const { ws, stream } = await openAgentStream(client, agent.id, 'ssh');
      const conn = await connectSsh(stream, { agentSocket });
      let code: number;
      try {
        const forwards = new RemoteForwards(conn, (message) => ctx.io.stderr.write(`${message}\n`));
        if (gpg) {
          if (agent.operating_system === 'windows') throw new CliError('GPG forwarding is not supported for Windows workspaces.');
          await forwardGpg(conn, forwards, env);
        }
        for (const forward of remoteForwards) await forwards.add(forward);
        code = await runSession(ctx, conn, command.join(' ') || undefined, sessionEnv);
      } finally {
        conn.end();
        ws.close();
      }
      if (code !== 0) throw new CliError('', code);
    });
}
