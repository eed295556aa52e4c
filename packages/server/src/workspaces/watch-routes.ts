import { BUILD_VERSION_HEADER } from '@warren/sdk';
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { ServerContext } from '../context';
import { channels } from '../db/pubsub';
import { actorOf } from '../http/app';
import { presentWorkspaceById, resolveWorkspace } from './service';

export const WATCH_PING_INTERVAL_MS = 15_000;

/**
 * `GET /workspaces/{id}/watch`: server-sent events. `event: data` carries the Workspace JSON at
 * once and after every change (build, job, agents) announced on the workspace's pubsub channel;
 * `event: ping` every 15 s keeps proxies from closing the stream.
 */
export function registerWorkspaceWatchRoute(app: FastifyInstance, ctx: ServerContext): void {
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
  });

  app.get<{ Params: { workspace: string } }>('/api/v2/workspaces/:workspace/watch', async (req, reply) => {
    const ws = await resolveWorkspace(ctx, actorOf(req), req.params.workspace, true);
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
    streams.add(res);
    let closed = false;
    let chain: Promise<void> = Promise.resolve();
    const send = () => {
      chain = chain
        .then(async () => {
          if (closed) return;
          const workspace = await presentWorkspaceById(ctx, ws.id);
          if (workspace && !closed) res.write(`event: data\ndata: ${JSON.stringify(workspace)}\n\n`);
        })
        .catch((err: unknown) => {
          req.log.warn({ err, workspace: ws.id }, 'workspace watch failed');
          if (!closed) {
            res.write(`event: error\ndata: ${JSON.stringify({ message: 'Internal error reading the workspace.', detail: String(err) })}\n\n`);
          }
        });
    };
    const unsubscribe = await ctx.pubsub.subscribe(channels.workspace(ws.id), send);
    const ping = setInterval(() => res.write('event: ping\n\n'), WATCH_PING_INTERVAL_MS);
    const cleanup = () => {
      if (closed) return;
      closed = true;
      clearInterval(ping);
      streams.delete(res);
      void unsubscribe();
    };
    res.on('close', cleanup);
    req.raw.on('close', cleanup);
    send();
  });
}
