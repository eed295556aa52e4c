/**
 * `warren ssh WORKSPACE[.AGENT] [-- command]`: an SSH session with the workspace agent over the
 * server's `/ssh` stream (ssh2's client on the WebSocket). Without a command it opens a shell, with
 * a terminal when run from one (raw mode, window resizes); with a command it runs it and exits with
 * its exit code. `--stdio` instead joins stdin/stdout to the raw SSH stream, for OpenSSH's
 * `ProxyCommand` (see `warren config-ssh`).
 */
import os from 'node:os';
import type { ReadStream, WriteStream } from 'node:tty';
import type { Command } from 'commander';
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import { closed, openAgentStream, resolveAgent } from '../agent-dial';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { collect } from '../output';

interface SshFlags {
  stdio?: boolean;
  env?: string[];
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

function exitCodeOf(code: number | null | undefined, signal: string | undefined): number {
  if (signal) return 128 + (os.constants.signals[`SIG${signal}` as keyof typeof os.constants.signals] ?? 1);
  return code ?? 255;
}

export function registerSsh(program: Command, ctx: CommandContext): void {
  program
    .command('ssh')
    .description('Start a shell into a workspace or run a command in it')
    .argument('<workspace>', 'the workspace: [owner/]name[.agent]')
    .argument('[command...]', 'a command to run instead of a shell (after --)')
    .option('--stdio', 'join stdin and stdout to the SSH connection (for an OpenSSH ProxyCommand)')
    .option('-e, --env <key=value>', 'set environment variables for the session (repeatable, or comma-separated)', collect)
    .action(async (ref: string, command: string[], flags: SshFlags) => {
      const client = await ctx.client();
      const { agent } = await resolveAgent(client, ref);
      const { ws, stream } = await openAgentStream(client, agent.id, 'ssh');
      if (flags.stdio) {
        ctx.io.stdin.pipe(stream);
        stream.pipe(ctx.io.stdout, { end: false });
        stream.on('error', () => undefined);
        await closed(ws);
        ctx.io.stdin.unpipe(stream);
        return;
      }
      const code = await session(ctx, stream, command.join(' ') || undefined, parseEnv(flags.env ?? []));
      ws.close();
      if (code !== 0) throw new CliError('', code);
    });
}

/** One SSH session over `stream`; resolves with the remote exit code. */
function session(ctx: CommandContext, stream: NodeJS.ReadWriteStream, command: string | undefined, env: Record<string, string>): Promise<number> {
  const { io } = ctx;
  const stdin = io.stdin as ReadStream;
  const stdout = io.stdout as WriteStream;
  const tty = Boolean(stdin.isTTY && stdout.isTTY);
  const conn = new ssh2.Client();
  return new Promise<number>((resolve, reject) => {
    conn.once('error', (err) => reject(new CliError(`The SSH connection failed: ${err.message}`)));
    conn.once('ready', () => {
      const pty = tty ? { term: io.env.TERM || 'xterm-256color', cols: stdout.columns || 80, rows: stdout.rows || 24 } : undefined;
      const onChannel = (err: Error | undefined, channel: ClientChannel) => {
        if (err) return reject(new CliError(`The workspace refused the session: ${err.message}`));
        let code: number | undefined;
        channel.once('exit', (c: number | null, signal?: string) => (code = exitCodeOf(c, signal)));
        const onResize = () => channel.setWindow(stdout.rows || 24, stdout.columns || 80, 0, 0);
        if (tty) {
          stdin.setRawMode(true);
          stdout.on('resize', onResize);
        }
        stdin.pipe(channel);
        channel.pipe(stdout, { end: false });
        channel.stderr.pipe(io.stderr, { end: false });
        channel.once('close', () => {
          stdin.unpipe(channel);
          if (tty) {
            stdin.setRawMode(false);
            stdout.off('resize', onResize);
          }
          stdin.pause();
          conn.end();
          resolve(code ?? 255);
        });
      };
      if (command === undefined) conn.shell(pty ?? false, { env }, onChannel);
      else conn.exec(command, { env, ...(pty ? { pty } : {}) }, onChannel);
    });
    conn.connect({ sock: stream as unknown as import('node:net').Socket, username: os.userInfo().username, hostVerifier: () => true, readyTimeout: 30_000 });
  });
}
