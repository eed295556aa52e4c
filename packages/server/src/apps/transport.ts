/**
 * Carries HTTP requests and WebSocket upgrades to apps in workspaces. Each workspace agent gets a
 * keep-alive pool of connections, each one a `tcp` stream the agent dials back (raw where it can,
 * so Node's HTTP client reads the app's replies straight off a socket), and a page's many
 * requests reuse a few streams; HTTPS targets get TLS over the stream (the app's certificate is
 * not checked: it is the workspace's own loopback).
 */
import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import WebSocket from 'ws';
import type { AgentConnections } from '../agents/connections';
import { AgentStreamSocket } from './stream-socket';

type CreateConnection = (options: { port?: number | string | null }, callback: (err: Error | null, socket?: Duplex) => void) => Duplex | undefined;

/** Where a request goes: an agent, a port on its loopback, http or https. */
export interface Upstream {
  agentId: string;
  port: number;
  https: boolean;
}

export class AppTransport {
  private readonly pools = new Map<string, http.Agent>();

  constructor(private readonly conns: AgentConnections) {}

  /** Opens one connection to the app (a dial-back stream, with TLS for HTTPS targets). */
  async connect(up: Upstream): Promise<Duplex> {
    const carrier = await this.conns.dialTcp(up.agentId, up.port);
    const sock = carrier instanceof WebSocket ? new AgentStreamSocket(carrier, up.port) : carrier;
    return up.https ? tls.connect({ socket: sock as unknown as Socket, rejectUnauthorized: false, servername: 'localhost' }) : sock;
  }

  /** Sends a request to the app; the response (or error) arrives on the returned request's events. */
  request(up: Upstream, method: string, path: string, headers: OutgoingHttpHeaders): http.ClientRequest {
    return http.request({ agent: this.pool(up), host: 'localhost', port: up.port, method, path, headers, setHost: false });
  }

  /** One request on a connection of its own (WebSocket upgrades leave the pool). */
  requestOnce(socket: Duplex, method: string, path: string, headers: OutgoingHttpHeaders): http.ClientRequest {
    return http.request({ createConnection: () => socket as Socket, method, path, headers, setHost: false });
  }

  close(): void {
    for (const pool of this.pools.values()) pool.destroy();
    this.pools.clear();
  }

  private pool(up: Upstream): http.Agent {
    const key = `${up.agentId}/${up.https ? 'https' : 'http'}`;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 32, timeout: 60_000, scheduling: 'lifo' });
      const createConnection: CreateConnection = (options, callback) => {
        this.connect({ ...up, port: Number(options.port) }).then(
          (sock) => callback(null, sock),
          (err: unknown) => callback(err as Error),
        );
        return undefined;
      };
      (pool as unknown as { createConnection: CreateConnection }).createConnection = createConnection;
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** Drops the pools of an agent (it disconnected; its streams are gone). */
  forget(agentId: string): void {
    for (const key of [...this.pools.keys()]) {
      if (key.startsWith(`${agentId}/`)) {
        this.pools.get(key)!.destroy();
        this.pools.delete(key);
      }
    }
  }
}

/** Request headers that concern one connection only (RFC 9110 §7.6.1), never forwarded. */
export const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/**
 * Copies the app's response status and headers (minus hop-by-hop and CORS ones) and streams the
 * body; `setCookies` (the proxy's own) go out beside the app's cookies.
 */
export function relayResponse(from: IncomingMessage, to: ServerResponse, setCookies: string[] = []): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(from.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name.startsWith('access-control-')) continue;
    headers[name] = value;
  }
  if (setCookies.length > 0) headers['set-cookie'] = [...setCookies, ...(from.headers['set-cookie'] ?? [])];
  to.writeHead(from.statusCode ?? 502, from.statusMessage, headers);
  from.pipe(to);
}
