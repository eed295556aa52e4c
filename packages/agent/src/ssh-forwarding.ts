/**
 * What one SSH connection to the agent asks to be served on the workspace side, as OpenSSH's sshd
 * serves it:
 *
 * - agent forwarding (`auth-agent-req@openssh.com`, `ssh -A`): a unix socket in a private temporary
 *   folder, named to the session's processes by SSH_AUTH_SOCK; each connection to it opens an
 *   `auth-agent@openssh.com` channel back to the client, which joins it to the client's ssh-agent.
 * - remote forwarding (`tcpip-forward`, `ssh -R port:host:hostport`): a TCP listener in the
 *   workspace; each connection opens a `forwarded-tcpip` channel back to the client.
 * - unix socket forwarding (`streamlocal-forward@openssh.com`, `ssh -R /remote.sock:/local.sock`,
 *   used for gpg-agent forwarding): a unix socket listener; each connection opens a
 *   `forwarded-streamlocal@openssh.com` channel.
 *
 * Everything is closed, and every socket file removed, when the SSH connection ends.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Connection, ServerChannel, SocketBindInfo, TcpipBindInfo } from 'ssh2';
import type { AgentLogger } from './logger';
import { errMessage } from './logger';
import { joinChannelAndSocket } from '@warren/node-kit/stream-join';

type Accept = ((chosenPort?: number) => void) | undefined;
type Reject = (() => void) | undefined;

/**
 * Opens an `auth-agent@openssh.com` channel to the client. ssh2's server implements the message
 * (Protocol#openssh_authAgent) but offers no public method for it, so this mirrors what its
 * forwardOut does for `forwarded-tcpip`, with ssh2's window and packet sizes.
 */
export function openAuthAgentChannel(conn: Connection): Promise<ServerChannel> {
  const internals = conn as unknown as {
    _chanMgr?: { add(cb: unknown): number };
    _protocol?: { openssh_authAgent(id: number, window: number, packet: number): void };
  };
  return new Promise((resolve, reject) => {
    if (!internals._chanMgr || !internals._protocol) return reject(new Error('This ssh2 version cannot open agent channels.'));
    const callback = Object.assign((err: Error | undefined, channel: ServerChannel) => (err ? reject(err) : resolve(channel)), {
      type: 'auth-agent@openssh.com',
    });
    const id = internals._chanMgr.add(callback);
    if (id === -1) return reject(new Error('No free SSH channels are available.'));
    internals._protocol.openssh_authAgent(id, 2 * 1024 * 1024, 32 * 1024);
  });
}

/** OpenSSH's bind addresses: "localhost" (its default) means loopback, "" and "*" all interfaces. */
export function bindHost(bindAddr: string): string {
  if (bindAddr === '' || bindAddr === '*') return '0.0.0.0';
  if (bindAddr === 'localhost') return '127.0.0.1';
  return bindAddr;
}

const listen = (server: net.Server, args: [number, string] | [string]): Promise<void> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(...(args as [number, string]), () => {
      server.off('error', reject);
      resolve();
    });
  });

/** True when `file` is a unix socket nobody listens on any more (left by a process that died). */
function staleSocket(file: string): Promise<boolean> {
  try {
    if (!statSync(file).isSocket()) return Promise.resolve(false);
  } catch {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const probe = net.connect(file);
    probe.once('connect', () => (probe.destroy(), resolve(false)));
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

export class SshForwards {
  private agentSocket: Promise<string> | undefined;
  private agentDir: string | undefined;
  /** The agent socket once it listens. */
  agentSocketPath: string | undefined;
  private readonly tcp = new Map<string, net.Server>();
  private readonly unix = new Map<string, net.Server>();
  private readonly sockets = new Set<net.Socket>();
  /** Listeners being set up: a session's command starts only once they accept connections. */
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly conn: Connection,
    private readonly logger: AgentLogger,
  ) {}

  /** Resolves once every listener asked for so far is listening (or has failed). */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    const done = () => this.pending.delete(p);
    p.then(done, done);
    return p;
  }

  private accepted(sock: net.Socket): void {
    this.sockets.add(sock);
    sock.once('close', () => this.sockets.delete(sock));
    sock.on('error', () => undefined);
  }

  /** The SSH_AUTH_SOCK of this connection's sessions, made on the first request. */
  forwardAgent(): Promise<string> {
    this.agentSocket ??= this.track(
      (async () => {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'auth-agent-'));
        this.agentDir = dir;
        const file = path.join(dir, 'listener.sock');
        const server = net.createServer((sock) => {
          this.accepted(sock);
          openAuthAgentChannel(this.conn).then(
            (channel) => joinChannelAndSocket(channel, sock),
            (err: unknown) => {
              this.logger.debug({ err: errMessage(err) }, 'the client refused an agent channel');
              sock.destroy();
            },
          );
        });
        await listen(server, [file]);
        this.unix.set(file, server);
        if (this.closed) this.close();
        this.agentSocketPath = file;
        return file;
      })(),
    );
    return this.agentSocket;
  }

  /** Handles a global request; answers false when it is not a forwarding request. */
  onRequest(accept: Accept, reject: Reject, name: string, info: TcpipBindInfo | SocketBindInfo): void {
    const fail = (err: unknown) => {
      this.logger.debug({ err: errMessage(err), name }, 'forward request refused');
      reject?.();
    };
    switch (name) {
      case 'tcpip-forward':
        void this.track(this.listenTcp(info as TcpipBindInfo)).then((port) => accept?.(port), fail);
        return;
      case 'cancel-tcpip-forward': {
        const { bindAddr, bindPort } = info as TcpipBindInfo;
        const key = `${bindHost(bindAddr)}:${bindPort}`;
        const server = this.tcp.get(key);
        if (!server) return reject?.();
        this.tcp.delete(key);
        server.close();
        return accept?.();
      }
      case 'streamlocal-forward@openssh.com':
        void this.track(this.listenUnix((info as SocketBindInfo).socketPath)).then(() => accept?.(), fail);
        return;
      case 'cancel-streamlocal-forward@openssh.com': {
        const file = (info as SocketBindInfo).socketPath;
        const server = this.unix.get(file);
        if (!server) return reject?.();
        this.unix.delete(file);
        server.close();
        return accept?.();
      }
      default:
        reject?.();
    }
  }

  private async listenTcp({ bindAddr, bindPort }: TcpipBindInfo): Promise<number> {
    const host = bindHost(bindAddr);
    const server = net.createServer((sock) => {
      this.accepted(sock);
      const port = (server.address() as net.AddressInfo).port;
      this.conn.forwardOut(bindAddr, port, sock.remoteAddress ?? '127.0.0.1', sock.remotePort ?? 0, (err, channel) => {
        if (err) {
          this.logger.debug({ err: err.message, port }, 'the client refused a forwarded connection');
          sock.destroy();
        } else {
          joinChannelAndSocket(channel, sock);
        }
      });
    });
    await listen(server, [bindPort, host]);
    const port = (server.address() as net.AddressInfo).port;
    if (this.closed) server.close();
    else this.tcp.set(`${host}:${bindPort || port}`, server);
    return port;
  }

  private async listenUnix(file: string): Promise<void> {
    if (!path.isAbsolute(file)) throw new Error(`The socket path "${file}" is not absolute.`);
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    if (await staleSocket(file)) unlinkSync(file);
    const server = net.createServer((sock) => {
      this.accepted(sock);
      this.conn.openssh_forwardOutStreamLocal(file, (err, channel) => {
        if (err) {
          this.logger.debug({ err: err.message, file }, 'the client refused a forwarded connection');
          sock.destroy();
        } else {
          joinChannelAndSocket(channel, sock);
        }
      });
    });
    await listen(server, [file]);
    if (this.closed) server.close();
    else this.unix.set(file, server);
  }

  /** Stops every listener, drops every forwarded connection and removes the agent socket's folder. */
  close(): void {
    this.closed = true;
    for (const s of [...this.tcp.values(), ...this.unix.values()]) s.close();
    this.tcp.clear();
    this.unix.clear();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (this.agentDir) rmSync(this.agentDir, { recursive: true, force: true });
  }
}
