import type { ServerResponse } from 'node:http';
import { BUILD_VERSION_HEADER } from '@warren/sdk';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context';

export const EVENT_STREAM_PING_MS = 15_000;

export interface EventStreamSource {
  /** The pubsub channel whose messages mean "send the value again". */
  channel: string;
  /** Reads the current value; undefined sends nothing this time. */
  load: () => Promise<unknown>;
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
    const send = () => {
      chain = chain
        .then(async () => {
          if (closed) return;
          const value = await source.load();
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
