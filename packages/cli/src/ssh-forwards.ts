/**
 * `warren ssh -R` and `--forward-gpg` on the client side: the workspace's agent listens (on its
 * loopback port or a unix socket) and opens a channel back for each connection; here each
 * channel is joined to a connection to the local address or socket.
 */
import { execFile } from 'node:child_process';
import net from 'node:net';
import type ssh2 from 'ssh2';
import type { Channel } from 'ssh2';
import { CliError } from './io';
import type { RemoteForward } from './port-specs';
import { runRemote } from './ssh-session';
import { joinChannelAndSocket } from '@warren/node-kit/stream-join';

type Target = { port: number; host: string } | { path: string };

export class RemoteForwards {
  private readonly tcp = new Map<number, Target>();
  private readonly unix = new Map<string, Target>();

  constructor(
    private readonly conn: ssh2.Client,
    private readonly report: (message: string) => void,
  ) {
    const dial = (target: Target, accept: () => Channel, reject: () => void) => {
      const sock = 'path' in target ? net.connect(target.path) : net.connect(target.port, target.host);
      sock.once('connect', () => joinChannelAndSocket(accept(), sock));
      sock.once('error', (err) => {
        if (sock.connecting) {
          this.report(`Dial local address ${'path' in target ? target.path : `${target.host}:${target.port}`}: ${err.message}`);
          reject();
        }
      });
    };
    conn.on('tcp connection', (info, accept, reject) => {
      const target = this.tcp.get(info.destPort);
      if (target) dial(target, accept, reject);
      else reject();
    });
    conn.on('unix connection', (info, accept, reject) => {
      const target = this.unix.get(info.socketPath);
      if (target) dial(target, accept, reject);
      else reject();
    });
  }

  /** Asks the workspace to listen; resolves once it does. */
  add(forward: RemoteForward): Promise<void> {
    return new Promise((resolve, reject) => {
      if (forward.kind === 'tcp') {
        this.conn.forwardIn('127.0.0.1', forward.remotePort, (err) => {
          if (err) return reject(new CliError(`The workspace could not listen on port ${forward.remotePort}: ${err.message}`));
          this.tcp.set(forward.remotePort, { port: forward.localPort, host: forward.localHost });
          resolve();
        });
      } else {
        this.conn.openssh_forwardInStreamLocal(forward.remoteSocket, (err) => {
          if (err) return reject(new CliError(`The workspace could not listen on ${forward.remoteSocket}: ${err.message}`));
          this.unix.set(forward.remoteSocket, { path: forward.localSocket });
          resolve();
        });
      }
    });
  }
}

type Env = Record<string, string | undefined>;

function runLocal(env: Env, file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new CliError(`"${[file, ...args].join(' ')}" failed: ${(stderr || err.message).trim()}`));
      else resolve(stdout);
    });
  });
}

/** Stops a gpg-agent the workspace runs and prints the path its socket must take. */
const REMOTE_GPG_PREPARE = `sh -c '
set -e
agent_socket=$(gpgconf --list-dir agent-socket)
echo "$agent_socket"
if [ -S "$agent_socket" ]; then
  gpgconf --kill gpg-agent
  rm -f "$agent_socket"
fi
test ! -S "$agent_socket"
'`;

/**
 * Coder's GPG forwarding: the workspace gets the local public keys and ownertrust, its own
 * gpg-agent is stopped, and its agent socket path is served by the local gpg-agent's extra
 * socket (the one meant for remote use). Needs gpg and gpgconf on both sides and a local
 * gpg-agent already running.
 */
export async function forwardGpg(conn: ssh2.Client, forwards: RemoteForwards, env: Env): Promise<void> {
  const remoteSocket = (await runRemote(conn, REMOTE_GPG_PREPARE)).trim();
  if (!remoteSocket) throw new CliError("The workspace's gpgconf named no agent socket (see `gpgconf --list-dir agent-socket`).");
  const publicKeys = await runLocal(env, 'gpg', ['--armor', '--export']);
  const ownerTrust = await runLocal(env, 'gpg', ['--export-ownertrust']);
  await runRemote(conn, 'gpg --batch --import', publicKeys);
  await runRemote(conn, 'gpg --batch --import-ownertrust', ownerTrust);
  // Importing may have started a gpg-agent in the workspace: stop it again.
  await runRemote(conn, `gpgconf --kill gpg-agent && rm -f '${remoteSocket.replace(/'/g, "'\\''")}'`);
  const localSocket = (await runLocal(env, 'gpgconf', ['--list-dir', 'agent-extra-socket'])).trim();
  await forwards.add({ kind: 'unix', remoteSocket, localSocket });
}
