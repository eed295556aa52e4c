import type { ServerResponse } from 'node:http';
import { BUILD_VERSION_HEADER } from '@warren/sdk';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { WebSocket } from 'ws';
import type { ServerContext } from '../context';
import { ApiError } from './errors';

export const EVENT_STREAM_PING_MS = 15_000;

export interface EventStreamSource {
  /** The pubsub channel whose messages mean "send the value again". */
  channel: string;
  /**
   * Reads the value to send; undefined sends nothing this time. `payload` is the channel message
   * that caused the read, empty when the stream opens or the pubsub connection was re-established.
   */
  load: (payload: string) => Promise<unknown>;
  /** The `message` of the `event: error` frame sent when `load` fails. */
  errorMessage: string;
}

/**
 * Server-sent events as Coder sends them: `event: data` with the JSON value at once and after every
 * message on the channel (one load at a time, in order), `event: error` when a load fails, and
 * `event: ping` every 15 s. Open streams end when the server closes.
 */
export function eventStreams(app: FastifyInstance, ctx: ServerContext) {
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
  });

  return async function serve(req: FastifyRequest, reply: FastifyReply, source: EventStreamSource): Promise<void> {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
      [BUILD_VERSION_HEADER]: ctx.version,
    });
    open.add(res);
    let closed = false;
    let chain: Promise<void> = Promise.resolve();
    const send = (payload = '') => {
      chain = chain
        .then(async () => {
          if (closed) return;
          const value = await source.load(payload);
          if (value !== undefined && !closed) res.write(`event: data\ndata: ${JSON.stringify(value)}\n\n`);
        })
        .catch((err: unknown) => {
          req.log.warn({ err, channel: source.channel }, 'event stream failed');
          if (!closed) res.write(`event: error\ndata: ${JSON.stringify({ message: source.errorMessage, detail: String(err) })}\n\n`);
        });
    };
    const unsubscribe = await ctx.pubsub.subscribe(source.channel, send);
    const ping = setInterval(() => res.write('event: ping\n\n'), EVENT_STREAM_PING_MS);
    const cleanup = () => {
      if (closed) return;
      closed = true;
      clearInterval(ping);
      open.delete(res);
      void unsubscribe();
    };
    res.on('close', cleanup);
    req.raw.on('close', cleanup);
    send();
  };
}

/**
 * The same events over a WebSocket, as Coder's `-ws` routes send them to its dashboard: each text
 * message is `{"type": "data", "data": value}` (or `"error"` with Coder's error body); the server
 * pings every 15 s and closes the socket when it shuts down.
 */
export function eventSockets(app: FastifyInstance, ctx: ServerContext) {
  const open = new Set<WebSocket>();
  app.addHook('preClose', async () => {
    for (const socket of open) socket.close(1001, 'The server is shutting down.');
  });

  return async function serve(socket: WebSocket, req: FastifyRequest, source: EventStreamSource): Promise<void> {
    open.add(socket);
    let closed = false;
    let chain: Promise<void> = Promise.resolve();
    const write = (message: unknown) => {
      if (!closed && socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    const send = (payload = '') => {
      chain = chain
        .then(async () => {
          if (closed) return;
          const value = await source.load(payload);
          if (value !== undefined) write({ type: 'data', data: value });
        })
        .catch((err: unknown) => {
          req.log.warn({ err, channel: source.channel }, 'event socket failed');
          write({ type: 'error', data: { message: source.errorMessage, detail: String(err) } });
        });
    };
    const unsubscribe = await ctx.pubsub.subscribe(source.channel, send);
    const ping = setInterval(() => socket.ping(), EVENT_STREAM_PING_MS);
    const cleanup = () => {
      if (closed) return;
      closed = true;
      clearInterval(ping);
      open.delete(socket);
      void unsubscribe();
    };
    socket.on('close', cleanup);
    socket.on('error', cleanup);
    if (socket.readyState !== socket.OPEN) return cleanup();
    send();
  };
}

/**
 * Registers `url` as a WebSocket-only route: `resolve` runs before the upgrade (so a bad id or a
 * missing permission answers plain HTTP), and a request that is not an upgrade answers 400.
 */
export function registerEventSocketRoute<P>(
  app: FastifyInstance,
  ctx: ServerContext,
  url: string,
  resolve: (req: FastifyRequest<{ Params: P }>) => Promise<EventStreamSource>,
  options: Pick<RouteShorthandOptions, 'config'> = {},
): void {
  const serve = eventSockets(app, ctx);
  const sources = new WeakMap<FastifyRequest, EventStreamSource>();
  app.route<{ Params: P }>({
    ...options,
    method: 'GET',
    url,
    preHandler: async (req) => {
      sources.set(req, await resolve(req));
    },
    handler: async () => {
      throw new ApiError('bad_request', 'This route needs a WebSocket connection.', 'Send the request as a WebSocket upgrade.');
    },
    wsHandler: async (socket: WebSocket, req: FastifyRequest) => {
      const source = sources.get(req);
      if (!source) return socket.close(1011, 'An internal server error occurred.');
      await serve(socket, req, source).catch((err: unknown) => {
        req.log.error({ err, url }, 'event socket failed');
        socket.close(1011, 'An internal server error occurred.');
      });
    },
  });
}
