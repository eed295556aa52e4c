import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { channels } from '../db/pubsub';
import { actorOf } from '../http/app';
import { eventStreams, registerEventSocketRoute } from '../http/event-stream';
import { presentWorkspaceById, resolveWorkspace, workspaceChangeVisibleTo } from './service';

/**
 * `GET /workspaces/{id}/watch` (server-sent events) and `/watch-ws` (a WebSocket). `event: data` carries the Workspace JSON at
 * once and after every change (build, job, agents) announced on the workspace's pubsub channel;
 * `event: ping` every 15 s keeps proxies from closing the stream.
 */
export function registerWorkspaceWatchRoute(app: FastifyInstance, ctx: ServerContext): void {
  const serveEvents = eventStreams(app, ctx);

  // One stream for a whole list of workspaces (a browser holds at most six connections per server):
  // `event: data` with `{"workspace_id": id}` for each change to a workspace the caller may read, and
  // `{"workspace_id": null}` when the stream opens or may have missed changes (re-read everything).
  app.get('/api/v2/workspaces/watch', async (req, reply) => {
    const actor = actorOf(req);
    await serveEvents(req, reply, {
      channel: channels.workspaces,
      load: async (id) => {
        if (!id) return { workspace_id: null };
        return (await workspaceChangeVisibleTo(ctx, actor, id)) ? { workspace_id: id } : undefined;
      },
      errorMessage: 'Internal error reading the workspaces.',
    });
  });
  app.get<{ Params: { workspace: string } }>('/api/v2/workspaces/:workspace/watch', async (req, reply) => {
    const ws = await resolveWorkspace(ctx, actorOf(req), req.params.workspace, true);
    await serveEvents(req, reply, {
      channel: channels.workspace(ws.id),
      load: () => presentWorkspaceById(ctx, ws.id),
      errorMessage: 'Internal error reading the workspace.',
    });
  });

  // The same events over a WebSocket, as Coder's dashboard reads them.
  registerEventSocketRoute<{ workspace: string }>(app, ctx, '/api/v2/workspaces/:workspace/watch-ws', async (req) => {
    const ws = await resolveWorkspace(ctx, actorOf(req), req.params.workspace, true);
    return { channel: channels.workspace(ws.id), load: () => presentWorkspaceById(ctx, ws.id), errorMessage: 'Internal error reading the workspace.' };
  });
}
