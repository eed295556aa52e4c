/**
 * The SSH client side of `warren ssh` (ssh2's client on the server's `/ssh` stream): connecting,
 * with the local ssh-agent forwarded when asked, one interactive or command session, and short
 * helper commands whose output is collected (GPG forwarding uses them).
 */
import os from 'node:os';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ReadStream, WriteStream } from 'node:tty';
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import type { CommandContext } from './context';
import { CliError } from './io';

export interface ConnectOptions {
  /** The local ssh-agent socket to forward (`-A`). */
  agentSocket?: string;
}

/**
 * Opens the SSH connection over `stream`. The agent accepts any authentication (the Warren server
 * authorised the stream), so the client offers `none` and never asks the local agent to sign.
 */
export function connectSsh(stream: Duplex, opts: ConnectOptions = {}): Promise<ssh2.Client> {
  const conn = new ssh2.Client();
  return new Promise((resolve, reject) => {
    conn.once('error', (err) => reject(new CliError(`The SSH connection failed: ${err.message}`)));
    conn.once('ready', () => {
      conn.removeAllListeners('error');
      conn.on('error', () => undefined);
      resolve(conn);
    });
    conn.connect({
      sock: stream as unknown as Socket,
      username: os.userInfo().username,
      hostVerifier: () => true,
      readyTimeout: 30_000,
      authHandler: ['none'],
      // The agent identifies as Coder's does, not as OpenSSH; it serves OpenSSH's extensions all the same.
      strictVendor: false,
      ...(opts.agentSocket ? { agent: opts.agentSocket, agentForward: true } : {}),
    });
  });
}

function exitCodeOf(code: number | null | undefined, signal: string | undefined): number {
  if (signal) return 128 + (os.constants.signals[`SIG${signal}` as keyof typeof os.constants.signals] ?? 1);
  return code ?? 255;
}

/** Runs `command` in the workspace with `stdin`; resolves with its stdout, rejects with a sentence. */
export function runRemote(conn: ssh2.Client, command: string, stdin?: Buffer | string): Promise<string> {
  return new Promise((resolve, reject) => {
    conn.exec(command, (err, channel) => {
      if (err) return reject(new CliError(`The workspace refused to run "${command}": ${err.message}`));
      let out = '';
      let errOut = '';
      let code: number | undefined;
      channel.on('data', (d: Buffer) => (out += d.toString()));
      channel.stderr.on('data', (d: Buffer) => (errOut += d.toString()));
      channel.once('exit', (c: number | null, signal?: string) => (code = exitCodeOf(c, signal)));
      channel.once('close', () => {
        if (code === 0) resolve(out);
        else reject(new CliError(`"${command}" failed in the workspace with exit code ${code ?? 255}: ${(errOut || out).trim()}`));
      });
      channel.end(stdin);
    });
  });
}

/** One SSH session (a shell, or `command`); resolves with the remote exit code. */
export function runSession(ctx: CommandContext, conn: ssh2.Client, command: string | undefined, env: Record<string, string>): Promise<number> {
  const { io } = ctx;
  const stdin = io.stdin as ReadStream;
  const stdout = io.stdout as WriteStream;
  const tty = Boolean(stdin.isTTY && stdout.isTTY);
  return new Promise<number>((resolve, reject) => {
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
        resolve(code ?? 255);
      });
    };
    conn.once('close', () => reject(new CliError('The SSH connection ended unexpectedly.')));
    if (command === undefined) conn.shell(pty ?? false, { env }, onChannel);
    else conn.exec(command, { env, ...(pty ? { pty } : {}) }, onChannel);
  });
}
