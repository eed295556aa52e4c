/**
 * The agent side of Warren's transport (see @warren/sdk/agent-connection): one control WebSocket
 * kept open with reconnect and backoff; for every `dial` the agent opens the stream's dial-back
 * WebSocket and attaches it to a terminal, the SSH server, or a TCP or UDP port on the loopback.
 * Everything a stream holds is freed when either side closes.
 */
import net from 'node:net';
import {
  AGENT_CONTROL_PATH,
  agentStreamPath,
  type AgentControlReply,
  type AgentControlRequest,
  type StreamRequest,
  UDP_STREAM_QUEUE_BYTES,
} from '@warren/sdk/agent-connection';
import WebSocket from 'ws';
import type { AgentApi } from './api';
import type { AgentLogger } from './logger';
import { errMessage } from './logger';
import { collectWhenSettled } from './memory';
import { serveEcho, serveSpeedtest } from './diagnostics';
import { listeningPorts } from './ports';
import { dialRawStream } from './raw-stream';
import type { ReconnectingPtys } from './pty';
import { Backoff, sleep } from './retry';
import type { AgentSshServer } from './ssh';
import type { AgentStats, ConnectionProto } from './stats';
import { pipeWebSocketToSocket } from '@warren/node-kit/ws-pipe';
import { connectRelaySource, joinRelayed, type RelaySource } from '@warren/node-kit/socket-relay';
import { pipeWebSocketToUdp } from '@warren/node-kit/udp-pipe';
import { noteRelayed } from './memory';
import { AGENT_WS_OPTIONS, countTraffic, webSocketDuplex } from './ws-stream';

export interface ControlOptions {
  api: AgentApi;
  stats: AgentStats;
  logger: AgentLogger;
  ptys: ReconnectingPtys;
  ssh: AgentSshServer;
  signal: AbortSignal;
  /** Interval of WebSocket pings on the control connection (latency and liveness). */
  pingIntervalMs?: number;
  listPorts?: () => Promise<import('@warren/sdk/agent-connection').ListeningPort[]>;
}

const wsUrl = (api: AgentApi, path: string): string => {
  const url = api.url(path);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
};

export class ControlConnection {
  private ws: WebSocket | undefined;
  private readonly streams = new Set<WebSocket | net.Socket>();
  private connectedOnce = false;

  constructor(private readonly opts: ControlOptions) {}

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Keeps the control connection up until the signal aborts. */
  async run(): Promise<void> {
    // At most 3 s between attempts (jittered down to half): an agent is back within a few seconds
    // of its server's restart, while a refused attempt costs the server next to nothing.
    const backoff = new Backoff(100, 3_000);
    while (!this.opts.signal.aborted) {
      const opened = await this.connectOnce().catch((err: unknown) => {
        this.opts.logger.warn({ err: errMessage(err) }, 'control connection failed');
        return false;
      });
      if (opened) backoff.reset();
      if (this.opts.signal.aborted) break;
      await sleep(backoff.next(), this.opts.signal).catch(() => undefined);
    }
  }

  /** Closes the control connection and every stream. */
  close(): void {
    this.ws?.terminate();
    for (const s of this.streams) {
      if (s instanceof WebSocket) s.terminate();
      else s.destroy();
    }
    this.streams.clear();
  }

  /** One connection: resolves when it closes; true if it had opened. */
  private connectOnce(): Promise<boolean> {
    const { api, logger, stats, signal } = this.opts;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl(api, AGENT_CONTROL_PATH), { ...AGENT_WS_OPTIONS, headers: api.headers });
      this.ws = ws;
      let opened = false;
      let pingSent = 0;
      let awaitingPong = false;
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => ws.terminate();
      signal.addEventListener('abort', onAbort, { once: true });
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        try {
          this.onRequest(ws, JSON.parse(data.toString()) as AgentControlRequest);
        } catch (err) {
          logger.warn({ err: errMessage(err) }, 'bad control message');
        }
      });
      ws.on('pong', () => {
        awaitingPong = false;
        stats.latency(Date.now() - pingSent);
      });
      ws.once('open', () => {
        opened = true;
        logger.info({ reconnect: this.connectedOnce }, 'control connection open');
        this.connectedOnce = true;
        timer = setInterval(() => {
          // A server that stopped answering is a dead connection: reconnect.
          if (awaitingPong) return ws.terminate();
          awaitingPong = true;
          pingSent = Date.now();
          ws.ping();
        }, this.opts.pingIntervalMs ?? 15_000);
      });
      ws.once('unexpected-response', (_req, res) => {
        ws.terminate();
        reject(new Error(`The server refused the control connection with status ${res.statusCode}.`));
      });
      ws.on('error', (err) => {
        if (!opened) reject(err);
      });
      ws.once('close', () => {
        clearInterval(timer);
        signal.removeEventListener('abort', onAbort);
        if (opened) logger.info('control connection closed');
        resolve(opened);
      });
    });
  }

  private reply(ws: WebSocket, msg: AgentControlReply): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
  }

  private onRequest(ws: WebSocket, req: AgentControlRequest): void {
    switch (req.type) {
      case 'ping':
        return this.reply(ws, { type: 'pong' });
      case 'listening_ports':
        void (this.opts.listPorts ?? listeningPorts)().then(
          (ports) => this.reply(ws, { type: 'listening_ports', id: req.id, ports }),
          (err: unknown) => this.reply(ws, { type: 'listening_ports', id: req.id, ports: [], error: errMessage(err) }),
        );
        return;
      case 'dial': {
        const { type: _t, stream_id, ...stream } = req;
        try {
          this.dial(stream_id, stream as StreamRequest);
        } catch (err) {
          this.reply(ws, { type: 'dial_error', stream_id, message: errMessage(err) });
        }
        return;
      }
      default:
        this.opts.logger.debug({ type: (req as { type?: string }).type }, 'unknown control message');
    }
  }

  private dial(streamId: string, req: StreamRequest): void {
    const { logger } = this.opts;
    if ((req.kind === 'tcp' || req.kind === 'udp') && !(Number.isInteger(req.port) && req.port > 0 && req.port < 65536)) {
      throw new Error(`Port ${String(req.port)} is not a valid ${req.kind.toUpperCase()} port.`);
    }
    if (!['pty', 'ssh', 'tcp', 'udp', 'echo', 'speedtest'].includes(req.kind)) throw new Error(`Unknown stream kind "${String(req.kind)}".`);
    if (req.kind === 'tcp') {
      // The port first: when nothing listens there, the server hears why on the control connection
      // at once (a dial-back closed while it connects would only be aborted).
      const relay = req.raw ? connectRelaySource(req.port, '127.0.0.1') : undefined;
      const sock = relay?.socket ?? net.connect(req.port, '127.0.0.1');
      const refused = (err: Error) => {
        logger.debug({ err: errMessage(err), port: req.port }, 'tcp forward refused');
        if (this.ws) this.reply(this.ws, { type: 'dial_error', stream_id: streamId, message: `Connection to port ${req.port} failed: ${err.message}`.slice(0, 120) });
      };
      sock.once('error', refused);
      sock.once('connect', () => {
        sock.off('error', refused);
        if (relay) this.openRawStream(streamId, req, relay);
        else this.openStream(streamId, req, sock);
      });
      return;
    }
    this.openStream(streamId, req);
  }

  /**
   * A TCP stream over a raw dial-back, the port's reads relayed without a copy. When the server
   * refuses the upgrade, the stream is dialed again as a WebSocket one, on a new connection to the port.
   */
  private openRawStream(streamId: string, req: StreamRequest & { kind: 'tcp' }, relay: RelaySource): void {
    const { api, stats, logger } = this.opts;
    // The port may fail while the dial-back is on its way; the join below takes over its errors.
    relay.socket.on('error', (err) => logger.debug({ err: errMessage(err), port: req.port }, 'tcp forward ended'));
    dialRawStream(api, streamId).then(
      (carrier) => {
        this.streams.add(carrier);
        const closeConn = stats.connectionOpened('tcp');
        carrier.once('close', () => {
          closeConn();
          this.streams.delete(carrier);
          collectWhenSettled();
        });
        carrier.on('data', (b: Buffer) => (stats.received(b.length), noteRelayed(b.length)));
        relay.socket.setNoDelay(true);
        joinRelayed(relay, carrier, (bytes) => stats.sent(bytes));
      },
      (err: unknown) => {
        relay.socket.destroy();
        logger.debug({ err: errMessage(err), streamId }, 'raw dial-back refused, dialing back a WebSocket');
        this.dial(streamId, { ...req, raw: false });
      },
    );
  }

  /** Opens the dial-back of a stream and attaches it (a TCP stream to its already connected socket). */
  private openStream(streamId: string, req: StreamRequest, tcpSocket?: net.Socket): void {
    const { api, stats, logger } = this.opts;
    logger.debug({ streamId, kind: req.kind }, 'dialing back');
    const ws = new WebSocket(wsUrl(api, agentStreamPath(streamId)), { ...AGENT_WS_OPTIONS, headers: api.headers });
    this.streams.add(ws);
    countTraffic(ws, stats);
    // Diagnostic streams (ping, speedtest) are not connections in the stats.
    const proto: ConnectionProto | undefined = req.kind === 'pty' ? 'reconnecting_pty' : req.kind === 'echo' || req.kind === 'speedtest' ? undefined : req.kind;
    let closeConn: (() => void) | undefined;
    ws.once('open', () => (closeConn = proto && stats.connectionOpened(proto)));
    ws.on('error', (err) => logger.debug({ err: errMessage(err), streamId }, 'stream error'));
    ws.once('close', () => {
      closeConn?.();
      this.streams.delete(ws);
      collectWhenSettled();
    });
    // Handlers are attached before `open`: the peer may send right after the upgrade.
    switch (req.kind) {
      case 'pty':
        void this.opts.ptys.attach(ws, req).catch((err: unknown) => {
          logger.warn({ err: errMessage(err) }, 'terminal failed to start');
          ws.close(1011, `The terminal could not start: ${errMessage(err)}`.slice(0, 120));
        });
        return;
      case 'ssh':
        this.opts.ssh.handle(webSocketDuplex(ws));
        return;
      case 'tcp': {
        const sock = tcpSocket!;
        sock.setNoDelay(true);
        pipeWebSocketToSocket(ws, sock, {
          onRelayed: noteRelayed,
          onSocketError: (err) => {
            logger.debug({ err: errMessage(err), port: req.port }, 'tcp forward ended');
            if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) {
              ws.close(1011, `Connection to port ${req.port} failed: ${err.message}`.slice(0, 120));
            }
          },
        });
        return;
      }
      case 'udp':
        pipeWebSocketToUdp(ws, req.port, {
          limit: UDP_STREAM_QUEUE_BYTES,
          onRelayed: noteRelayed,
          onSocketError: (err) => logger.debug({ err: errMessage(err), port: req.port }, 'udp forward error'),
        });
        return;
      case 'echo':
        serveEcho(ws);
        return;
      case 'speedtest':
        serveSpeedtest(ws, req);
        return;
    }
  }
}
