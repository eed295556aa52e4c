/**
 * A minimal in-test stand-in for the server side of the agent contract: the HTTP routes under
 * `/api/v2/workspaceagents/me/*`, the control WebSocket and the dial-back streams. It records what
 * the agent sends so tests can assert on it.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  AGENT_CONTROL_PATH,
  RAW_STREAM_PROTOCOL,
  type AgentControlReply,
  type AgentControlRequest,
  type ListeningPort,
  type StreamRequest,
} from '@warren/sdk/agent-connection';
import WebSocket, { WebSocketServer, createWebSocketStream } from 'ws';
import type { Manifest } from '../wire';

export interface Recorded {
  method: string;
  path: string;
  body: unknown;
  at: number;
}

export interface PeerOptions {
  token: string;
  manifest: Manifest;
  /** ns */
  reportIntervalNs?: number;
  /** Answer 413 to PATCH /logs once this many output bytes were accepted. */
  logLimitBytes?: number;
}

export class AgentPeer {
  readonly requests: Recorded[] = [];
  control: WebSocket | undefined;
  private readonly server: http.Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly pendingStreams = new Map<string, (carrier: WebSocket | net.Socket) => void>();
  private readonly replies: ((msg: AgentControlReply) => void)[] = [];
  private readonly relays: net.Server[] = [];
  private logBytes = 0;
  /** While true every HTTP route answers 503 (a restarting server). */
  down = false;
  /** While true raw dial-backs are refused as a proxy that passes only WebSocket upgrades would. */
  refuseRawStreams = false;

  constructor(private readonly opts: PeerOptions) {
    this.server = http.createServer((req, res) => void this.onRequest(req, res));
    this.server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket as net.Socket, head));
  }

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async close(): Promise<void> {
    for (const r of this.relays) r.close();
    for (const c of this.wss.clients) c.terminate();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Requests to `path` (suffix after /me/) in order. */
  calls(route: string): Recorded[] {
    return this.requests.filter((r) => r.path === `/api/v2/workspaceagents/me/${route}`);
  }

  async waitFor<T>(fn: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = fn();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Asks the agent to dial back a stream and resolves with the server side of it. */
  async dial(req: StreamRequest): Promise<WebSocket> {
    const carrier = await this.dialAny(req);
    if (!(carrier instanceof WebSocket)) throw new Error('The agent dialed back a raw stream where a WebSocket was asked for.');
    return carrier;
  }

  /** As dial, for a stream the agent may dial back raw (`{kind: 'tcp', raw: true}`). */
  async dialAny(req: StreamRequest): Promise<WebSocket | net.Socket> {
    const control = await this.waitFor(() => this.control?.readyState === WebSocket.OPEN && this.control, 10_000, 'control connection');
    const id = randomUUID();
    const carrier = new Promise<WebSocket | net.Socket>((resolve) => this.pendingStreams.set(id, resolve));
    control.send(JSON.stringify({ type: 'dial', stream_id: id, ...req } satisfies AgentControlRequest));
    return carrier;
  }

  async listeningPorts(): Promise<ListeningPort[]> {
    const control = await this.waitFor(() => this.control?.readyState === WebSocket.OPEN && this.control, 10_000, 'control connection');
    const id = randomUUID();
    const reply = new Promise<AgentControlReply>((resolve) => this.replies.push(resolve));
    control.send(JSON.stringify({ type: 'listening_ports', id } satisfies AgentControlRequest));
    const msg = await reply;
    if (msg.type !== 'listening_ports') throw new Error(`Unexpected reply ${msg.type}.`);
    return msg.ports;
  }

  /** A TCP listener whose connections are relayed to the agent as streams of `req`. */
  async relay(req: StreamRequest): Promise<number> {
    const srv = net.createServer((sock) => {
      void this.dial(req).then((ws) => {
        const duplex = createWebSocketStream(ws);
        sock.pipe(duplex).pipe(sock);
        const end = () => (sock.destroy(), duplex.destroy());
        sock.on('error', end);
        duplex.on('error', end);
        sock.on('close', end);
        duplex.on('close', end);
      });
    });
    this.relays.push(srv);
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    return (srv.address() as AddressInfo).port;
  }

  private authorized(req: http.IncomingMessage): boolean {
    return req.headers['coder-session-token'] === this.opts.token;
  }

  private onRawStream(path: string, socket: net.Socket, head: Buffer): void {
    this.requests.push({ method: 'UPGRADE', path, body: RAW_STREAM_PROTOCOL, at: Date.now() });
    const id = decodeURIComponent(/\/streams\/([^/]+)$/.exec(path)?.[1] ?? '');
    const resolve = this.pendingStreams.get(id);
    if (this.refuseRawStreams || !resolve) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.pendingStreams.delete(id);
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: ${RAW_STREAM_PROTOCOL}\r\n\r\n`);
    if (head.length > 0) socket.unshift(head);
    resolve(socket);
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString();
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, body === undefined ? {} : { 'Content-Type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (this.down) return send(503, { message: 'The server is restarting.' });
    if (!this.authorized(req)) return send(401, { message: 'You are signed out or your session has expired. Please sign in again to continue.' });
    const body = text ? (JSON.parse(text) as unknown) : undefined;
    this.requests.push({ method: req.method ?? '', path, body, at: Date.now() });
    const route = path.replace('/api/v2/workspaceagents/me/', '');
    switch (`${req.method} ${route}`) {
      case 'GET manifest':
        return send(200, this.opts.manifest);
      case 'POST startup':
      case 'POST app-health':
        return send(200, {});
      case 'POST report-lifecycle':
      case 'POST metadata':
        return send(204);
      case 'POST log-source':
        return send(201, { ...(body as object), workspace_agent_id: this.opts.manifest.agent_id, created_at: new Date().toISOString() });
      case 'PATCH logs': {
        const logs = (body as { logs: { output: string }[] }).logs;
        const bytes = logs.reduce((n, l) => n + Buffer.byteLength(l.output), 0);
        if (this.opts.logLimitBytes !== undefined && this.logBytes + bytes > this.opts.logLimitBytes) {
          return send(413, { message: 'Logs limit exceeded.' });
        }
        this.logBytes += bytes;
        return send(200, { message: 'Appended logs.' });
      }
      case 'POST report-stats':
        return send(200, { report_interval: this.opts.reportIntervalNs ?? 200_000_000 });
      default:
        return send(404, { message: 'Route not found.' });
    }
  }

  private onUpgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer): void {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (this.down || !this.authorized(req)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    if (req.headers.upgrade === RAW_STREAM_PROTOCOL) return this.onRawStream(path, socket, head);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (path === AGENT_CONTROL_PATH) {
        this.control = ws;
        ws.on('message', (data) => {
          const msg = JSON.parse(data.toString()) as AgentControlReply;
          if (msg.type === 'listening_ports') this.replies.shift()?.(msg);
          if (msg.type === 'dial_error') this.requests.push({ method: 'WS', path: 'dial_error', body: msg, at: Date.now() });
        });
        return;
      }
      const m = /\/api\/v2\/workspaceagents\/me\/streams\/([^/]+)$/.exec(path);
      const resolve = m && this.pendingStreams.get(decodeURIComponent(m[1]!));
      if (!resolve) return ws.close(1008, 'Unknown stream.');
      this.pendingStreams.delete(decodeURIComponent(m[1]!));
      resolve(ws);
    });
  }
}
