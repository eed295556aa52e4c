/**
 * Reconnecting terminals (Coder's reconnecting PTY). A session is keyed by the client's
 * `reconnect` id: it outlives its clients, keeps the last 64 KiB of output in a ring and replays it
 * to every client that attaches; several clients may share it. The session ends when its process
 * exits, or after `idleTimeoutMs` without any client attached. Wire format on the stream: the
 * client sends JSON `{data}` / `{height,width}` frames, the agent sends raw output.
 */
import WebSocket from 'ws';
import type { ProcessEnvironment } from './environment';
import type { AgentLogger } from './logger';
import { spawnTerminal, type Terminal } from './pty-backend';
import { RingBuffer } from './ring-buffer';
import type { AgentStats } from './stats';
import { rawToBuffer, WsSender } from './ws-stream';

export const SCROLLBACK_BYTES = 64 * 1024;

export interface PtyRequest {
  reconnect: string;
  width: number;
  height: number;
  command?: string;
}

interface Session {
  id: string;
  terminal: Terminal;
  ring: RingBuffer;
  clients: Map<WebSocket, WsSender>;
  idleTimer?: NodeJS.Timeout;
  paused: boolean;
}

export interface PtyManagerOptions {
  environment: () => ProcessEnvironment;
  stats: AgentStats;
  logger: AgentLogger;
  idleTimeoutMs?: number;
  scrollbackBytes?: number;
  /** Forces a terminal implementation (tests of the fallbacks). */
  backend?: Terminal['kind'];
}

export class ReconnectingPtys {
  private readonly sessions = new Map<string, Session>();
  private readonly starting = new Map<string, Promise<Session>>();

  constructor(private readonly opts: PtyManagerOptions) {}

  get count(): number {
    return this.sessions.size;
  }

  /**
   * Attaches a client stream to the session `req.reconnect`, creating it on first use. Call it
   * right after creating the WebSocket: input that arrives while the terminal starts is kept.
   */
  async attach(ws: WebSocket, req: PtyRequest): Promise<void> {
    let session: Session | undefined;
    const early: Buffer[] = [];
    let gone = false;
    ws.on('message', (raw) => (session ? this.input(session, rawToBuffer(raw)) : early.push(rawToBuffer(raw))));
    ws.once('close', () => (gone = true));
    session = await this.session(req);
    if (ws.readyState === WebSocket.CONNECTING) {
      await new Promise<void>((resolve) => {
        ws.once('open', () => resolve());
        ws.once('close', () => resolve());
      });
    }
    if (gone || ws.readyState !== WebSocket.OPEN) {
      if (session.clients.size === 0) this.armIdle(session);
      return;
    }
    const s = session;
    const sender = new WsSender(ws);
    clearTimeout(s.idleTimer);
    s.idleTimer = undefined;
    if (req.width > 0 && req.height > 0) s.terminal.resize(req.width, req.height);
    const replay = s.ring.read();
    if (replay.length) sender.send(replay);
    s.clients.set(ws, sender);
    for (const b of early.splice(0)) this.input(s, b);
    const endSession = this.opts.stats.sessionStarted('reconnecting_pty');
    ws.on('close', () => {
      endSession();
      s.clients.delete(ws);
      this.maybeResume(s);
      if (s.clients.size === 0 && this.sessions.get(s.id) === s) this.armIdle(s);
    });
  }

  private input(session: Session, frame: Buffer): void {
    let msg: { data?: string; height?: number; width?: number };
    try {
      msg = JSON.parse(frame.toString('utf8')) as typeof msg;
    } catch {
      return;
    }
    if (typeof msg.data === 'string' && msg.data) session.terminal.write(msg.data);
    if (msg.height && msg.width) session.terminal.resize(msg.width, msg.height);
  }

  /** Ends every session. */
  close(): void {
    for (const s of this.sessions.values()) this.end(s);
  }

  private async session(req: PtyRequest): Promise<Session> {
    const existing = this.sessions.get(req.reconnect);
    if (existing) return existing;
    const pending = this.starting.get(req.reconnect);
    if (pending) return pending;
    const created = this.create(req).finally(() => this.starting.delete(req.reconnect));
    this.starting.set(req.reconnect, created);
    return created;
  }

  private async create(req: PtyRequest): Promise<Session> {
    const env = this.opts.environment();
    const terminal = await spawnTerminal(
      {
        file: env.shell,
        args: req.command ? ['-c', req.command] : ['-l'],
        cwd: env.directory,
        env: env.env,
        cols: req.width || 80,
        rows: req.height || 24,
      },
      this.opts.backend,
    );
    const session: Session = {
      id: req.reconnect,
      terminal,
      ring: new RingBuffer(this.opts.scrollbackBytes ?? SCROLLBACK_BYTES),
      clients: new Map(),
      paused: false,
    };
    this.sessions.set(req.reconnect, session);
    this.opts.logger.info({ reconnect: req.reconnect, pid: terminal.pid, kind: terminal.kind }, 'terminal started');
    terminal.onData((data) => {
      session.ring.write(data);
      for (const sender of session.clients.values()) sender.send(data);
      // The slowest attached client sets the pace; the ring and ws buffers stay bounded.
      if (!session.paused && [...session.clients.values()].some((s) => s.congested)) {
        session.paused = true;
        terminal.pause();
        void Promise.all([...session.clients.values()].map((s) => s.drained())).then(() => this.maybeResume(session));
      }
    });
    terminal.onExit((code) => {
      this.opts.logger.info({ reconnect: req.reconnect, code }, 'terminal exited');
      // Let output already read reach the clients before closing them.
      setTimeout(() => {
        if (this.sessions.get(session.id) === session) this.sessions.delete(session.id);
        clearTimeout(session.idleTimer);
        for (const ws of session.clients.keys()) ws.close(1000, 'The terminal process exited.');
      }, 50);
    });
    return session;
  }

  private maybeResume(session: Session): void {
    if (!session.paused || [...session.clients.values()].some((s) => s.congested)) return;
    session.paused = false;
    session.terminal.resume();
  }

  private armIdle(session: Session): void {
    clearTimeout(session.idleTimer);
    session.idleTimer = setTimeout(() => {
      this.opts.logger.info({ reconnect: session.id }, 'terminal idle without clients; closing');
      this.end(session);
    }, this.opts.idleTimeoutMs ?? 5 * 60_000);
    session.idleTimer.unref();
  }

  private end(session: Session): void {
    clearTimeout(session.idleTimer);
    this.sessions.delete(session.id);
    session.terminal.kill('SIGHUP');
    for (const ws of session.clients.keys()) ws.close(1000, 'The terminal session ended.');
  }
}
