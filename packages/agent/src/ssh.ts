/**
 * The agent's SSH server (ssh2), fed by dial-back streams instead of a listening socket.
 *
 * Authentication: every client is accepted, whatever method it offers. A byte stream reaches
 * this server only after the Warren server authorised the user to connect to this workspace and
 * asked the agent to dial back; nothing listens on a network port. Coder's agent does the same
 * behind its tailnet. The host key is generated at each agent start.
 *
 * Supported: exec (exit codes and signals), shell, pty-req with window-change, env, signal, the
 * `sftp` subsystem, `direct-tcpip` forwarding (`ssh -L`), and what ssh-forwarding.ts serves: agent
 * forwarding (`ssh -A`) and remote TCP and unix socket forwarding (`ssh -R`).
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type ssh2 from 'ssh2';
import type { Connection, PseudoTtyInfo, ServerChannel, Session } from 'ssh2';
import type { ProcessEnvironment } from './environment';
import type { AgentLogger } from './logger';
import { errMessage } from './logger';
import { spawnTerminal } from './pty-backend';
import { SshForwards } from './ssh-forwarding';
import { killGroup } from './scripts';
import type { AgentStats, SessionKind } from './stats';

/** Clients set this variable (Coder's) to tell which editor opened the session, for the stats. */
export const SESSION_TYPE_ENV = 'CODER_SSH_SESSION_TYPE';

export interface SshServerOptions {
  environment: () => ProcessEnvironment;
  stats: AgentStats;
  logger: AgentLogger;
}

type Sftp = typeof import('./sftp');

export class AgentSshServer {
  /** ssh2, the SFTP server and the host key load on the first connection: an agent nobody reaches over SSH does not hold them. */
  private loaded: Promise<{ server: ssh2.Server; sftp: Sftp }> | undefined;
  private sftp: Sftp | undefined;
  private readonly clients = new Set<Connection>();

  constructor(private readonly opts: SshServerOptions) {}

  private load(): Promise<{ server: ssh2.Server; sftp: Sftp }> {
    this.loaded ??= Promise.all([import('ssh2'), import('./sftp')]).then(([m, sftp]) => {
      const lib = ((m as { default?: typeof ssh2 }).default ?? m) as typeof ssh2;
      // ECDSA P-256: about 1 in 300 ed25519 keys that ssh2 generates fail its own parser.
      const hostKey = lib.utils.generateKeyPairSync('ecdsa', { bits: 256 }).private;
      this.sftp = sftp;
      return { server: new lib.Server({ hostKeys: [hostKey], ident: 'Coder' }, (client) => this.onClient(client)), sftp };
    });
    return this.loaded;
  }

  /** Serves one SSH connection over `stream` (a dial-back WebSocket duplex). */
  handle(stream: Duplex): void {
    this.load().then(
      ({ server }) => {
        if (!stream.destroyed) server.injectSocket(stream as unknown as net.Socket);
      },
      (err: unknown) => {
        this.opts.logger.warn({ err: errMessage(err) }, 'the SSH server could not start');
        stream.destroy();
      },
    );
  }

  close(): void {
    for (const c of this.clients) c.end();
    this.clients.clear();
  }

  private onClient(client: Connection): void {
    this.clients.add(client);
    const forwards = new SshForwards(client, this.opts.logger);
    client.on('close', () => {
      this.clients.delete(client);
      forwards.close();
    });
    client.on('error', (err) => this.opts.logger.debug({ err: errMessage(err) }, 'ssh connection error'));
    client.on('authentication', (ctx) => ctx.accept());
    client.on('ready', () => {
      client.on('session', (accept) => this.onSession(accept(), forwards));
      client.on('request', (accept, reject, name, info) => forwards.onRequest(accept, reject, name, info));
      client.on('tcpip', (accept, reject, info) => {
        const sock = net.connect(info.destPort, info.destIP);
        sock.once('error', () => reject?.());
        sock.once('connect', () => {
          sock.removeAllListeners('error');
          const channel = accept();
          channel.pipe(sock).pipe(channel);
          const destroy = () => (sock.destroy(), channel.destroy());
          sock.on('error', destroy);
          channel.on('error', destroy);
          channel.on('close', () => sock.destroy());
          sock.on('close', () => channel.end());
        });
      });
    });
  }

  private onSession(session: Session, forwards: SshForwards): void {
    const base = this.opts.environment();
    const env: Record<string, string> = { ...base.env };
    let pty: PseudoTtyInfo | undefined;
    let resize: ((cols: number, rows: number) => void) | undefined;
    let kill: ((sig: NodeJS.Signals) => void) | undefined;

    session.on('env', (accept, _reject, info) => {
      env[info.key] = info.val;
      accept?.();
    });
    session.on('pty', (accept, _reject, info) => {
      pty = info;
      accept?.();
    });
    session.on('window-change', (accept, _reject, info) => {
      resize?.(info.cols, info.rows);
      accept?.();
    });
    session.on('auth-agent', (accept, reject) => {
      forwards.forwardAgent().then(
        () => accept?.(),
        (err: unknown) => {
          this.opts.logger.warn({ err: errMessage(err) }, 'agent forwarding failed');
          reject?.();
        },
      );
    });
    session.on('signal', (accept, _reject, info) => {
      kill?.(`SIG${info.name}` as NodeJS.Signals);
      accept?.();
    });
    session.on('sftp', (accept) => {
      const end = this.opts.stats.sessionStarted(this.kindOf(env));
      const sftp = accept();
      sftp.on('close', end);
      this.sftp!.serveSftp(sftp, base.directory);
    });
    const run = (channel: ServerChannel, command: string | undefined) => {
      const end = this.opts.stats.sessionStarted(this.kindOf(env));
      channel.on('close', end);
      const args = command === undefined ? ['-l'] : ['-c', command];
      // Forwarded sockets asked for before the command must accept connections when it starts.
      void forwards.settled().then(() => {
        if (channel.destroyed) return;
        // As in OpenSSH, once a session of the connection asked for agent forwarding every later one gets it too.
        if (forwards.agentSocketPath) env.SSH_AUTH_SOCK = forwards.agentSocketPath;
        if (pty) {
          void this.runPty(channel, base, env, pty, args).then((c) => ((resize = c.resize), (kill = c.kill)));
        } else {
          kill = this.runPipes(channel, base, env, args);
        }
      });
    };
    session.on('shell', (accept) => run(accept(), undefined));
    session.on('exec', (accept, _reject, info) => run(accept(), info.command));
  }

  private kindOf(env: Record<string, string>): SessionKind {
    const t = env[SESSION_TYPE_ENV]?.toLowerCase();
    return t === 'vscode' || t === 'jetbrains' ? t : 'ssh';
  }

  private runPipes(channel: ServerChannel, base: ProcessEnvironment, env: Record<string, string>, args: string[]): (sig: NodeJS.Signals) => void {
    const child = spawn(base.shell, args, { cwd: base.directory, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    channel.pipe(child.stdin);
    child.stdout.pipe(channel, { end: false });
    child.stderr.pipe(channel.stderr, { end: false });
    child.stdin.on('error', () => undefined);
    let outputDone = 0;
    let exit: [number | null, NodeJS.Signals | null] | undefined;
    // Exit status goes out only after all output was written, then the channel closes.
    const finish = () => {
      if (outputDone < 2 || !exit) return;
      const [code, sig] = exit;
      if (sig) channel.exit(sig.replace(/^SIG/, ''), false, '');
      else channel.exit(code ?? 0);
      channel.end();
    };
    child.stdout.on('end', () => (outputDone++, finish()));
    child.stderr.on('end', () => (outputDone++, finish()));
    child.on('exit', (code, sig) => ((exit = [code, sig]), finish()));
    child.on('error', (err) => {
      channel.stderr.write(`${err.message}\n`);
      channel.exit(127);
      channel.end();
    });
    channel.on('close', () => child.exitCode === null && child.pid && killGroup(child.pid, 'SIGHUP'));
    return (sig) => child.pid && killGroup(child.pid, sig);
  }

  private async runPty(channel: ServerChannel, base: ProcessEnvironment, env: Record<string, string>, pty: PseudoTtyInfo, args: string[]) {
    const term = await spawnTerminal({ file: base.shell, args, cwd: base.directory, env, cols: pty.cols, rows: pty.rows, term: pty.term || undefined });
    term.onData((d) => {
      if (!channel.write(d)) {
        term.pause();
        channel.once('drain', () => term.resume());
      }
    });
    channel.on('data', (d: Buffer) => term.write(d));
    let exited = false;
    term.onExit((code, signal) => {
      exited = true;
      // node-pty reports the last output before the exit; give the channel a moment to take it.
      setTimeout(() => {
        if (signal) channel.exit(128 + signal);
        else channel.exit(code);
        channel.end();
      }, 20);
    });
    channel.on('close', () => !exited && term.kill('SIGHUP'));
    return { resize: (c: number, r: number) => term.resize(c, r), kill: (sig: NodeJS.Signals) => term.kill(sig) };
  }
}
