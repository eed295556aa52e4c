/**
 * `warren vscodessh`: the ProxyCommand Coder's VS Code extension writes into the SSH config for
 * `coder-vscode--<owner>--<workspace>[--<agent>]` hosts. The deployment URL and session token come
 * from files the extension keeps (not from the CLI's config), the raw SSH stream is joined to
 * stdin/stdout, and the network figures the extension shows are written to
 * `<network-info-dir>/<ssh pid>.json`. Hidden from help, as in Coder: only the extension calls it.
 */
import { readFile } from 'node:fs/promises';
import { Client } from '@warren/sdk';
import { Command } from 'commander';
import { resolveAgent } from '../agent-dial';
import { awaitAgent, parseWaitMode, shouldWait } from '../agent-wait';
import type { CommandContext } from '../context';
import { durationFlag } from '../go-duration';
import { connectionLog } from '../connection-log';
import { CliError } from '../io';
import { proxyStdio } from '../stdio-proxy';
import { parseVscodeHost } from '../workspace-input';

interface Flags {
  networkInfoDir?: string;
  logDir?: string;
  sessionTokenFile?: string;
  urlFile?: string;
  networkInfoInterval: string;
  wait: string;
}

async function readSetting(file: string, what: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    throw new CliError(`Could not read the ${what} from ${file}: ${(err as Error).message}`);
  }
}

export function registerVscodeSsh(program: Command, ctx: CommandContext): void {
  const command = new Command('vscodessh')
    .description("Connect VS Code's Remote SSH to a workspace (the ProxyCommand of Coder's VS Code extension)")
    .argument('<host>', 'coder-vscode--<owner>--<workspace>[--<agent>]')
    .option('--network-info-dir <dir>', 'write network information to <dir>/<ssh pid>.json')
    .option('--log-dir <dir>', 'also write messages to <dir>/<ssh pid>.log')
    .option('--session-token-file <file>', 'a file that holds the session token')
    .option('--url-file <file>', "a file that holds the deployment's URL")
    .option('--network-info-interval <duration>', 'how often to update the network information', '5s')
    .option('--wait <yes|no|auto>', 'wait for the startup scripts; auto follows the template', 'auto')
    .action(async (host: string, flags: Flags) => {
      if (!flags.networkInfoDir) throw new CliError('--network-info-dir must be specified.');
      if (!flags.sessionTokenFile) throw new CliError('--session-token-file must be specified.');
      if (!flags.urlFile) throw new CliError('--url-file must be specified.');
      const intervalMs = durationFlag('--network-info-interval', flags.networkInfoInterval, 100);
      const waitMode = parseWaitMode(flags.wait);
      const ref = parseVscodeHost(host);
      if (!ref) throw new CliError(`"${host}" is not a VS Code host name: it must be coder-vscode--<owner>--<workspace>[--<agent>].`);
      const token = await readSetting(flags.sessionTokenFile, 'session token');
      const rawUrl = await readSetting(flags.urlFile, 'deployment URL');
      if (!URL.canParse(rawUrl)) throw new CliError(`${flags.urlFile} does not hold a URL ("${rawUrl}").`);
      const client = new Client(rawUrl, { sessionToken: token });
      const log = await connectionLog(ctx.io.stderr, flags.logDir);
      try {
        const { workspace, agent } = await resolveAgent(client, ref);
        await awaitAgent(client, agent.id, { wait: shouldWait(waitMode, agent), stderr: log });
        await client.reportWorkspaceUsage(workspace.id, { agent_id: agent.id, app_name: 'vscode' });
        log.write(`${new Date().toISOString()} connected to ${ref} (agent ${agent.name}) through ${client.url.origin}\n`);
        await proxyStdio(ctx, client, agent.id, {
          networkInfoDir: flags.networkInfoDir,
          networkInfoIntervalMs: intervalMs,
          onError: (message) => log.write(`${message}\n`),
        });
        log.write(`${new Date().toISOString()} the connection to ${ref} closed\n`);
      } finally {
        log.end();
      }
    });
  program.addCommand(command, { hidden: true });
}
