import { createWorkspaceRequest, postWorkspaceUsageRequest, updateWorkspaceRequest } from '@warren/sdk';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { actorOf } from '../http/app';
import { parseBody, parsePagination } from '../http/validate';
import { reportUsage, resolveAutostart, setFavorite } from './favorites';
import { updateWorkspace } from './rename';
import * as service from './service';
import { registerWorkspaceWatchRoute } from './watch-routes';

type Query = Record<string, string | undefined>;

const includeDeleted = (q: Query) => q.include_deleted === 'true' || q.deleted === 'true';

export function registerWorkspaceRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Params: { org: string; user: string } }>('/api/v2/organizations/:org/members/:user/workspaces', async (req, reply) => {
    const body = parseBody(createWorkspaceRequest, req.body);
    return reply.status(201).send(await service.createWorkspace(ctx, actorOf(req), req.params.org, req.params.user, body));
  });

  app.post<{ Params: { user: string } }>('/api/v2/users/:user/workspaces', async (req, reply) => {
    const body = parseBody(createWorkspaceRequest, req.body);
    return reply.status(201).send(await service.createWorkspace(ctx, actorOf(req), undefined, req.params.user, body));
  });

  app.get<{ Querystring: Query }>('/api/v2/workspaces', async (req) => {
    const { limit, offset } = parsePagination(req.query);
    return service.listWorkspaces(ctx, actorOf(req), req.query.q ?? '', limit, offset);
  });

  app.get<{ Params: { workspace: string }; Querystring: Query }>('/api/v2/workspaces/:workspace', async (req) => {
    return service.presentWorkspace(ctx, await service.resolveWorkspace(ctx, actorOf(req), req.params.workspace, includeDeleted(req.query)));
  });

  app.get<{ Params: { user: string; name: string }; Querystring: Query }>('/api/v2/users/:user/workspace/:name', async (req) => {
    const row = await service.resolveWorkspaceByName(ctx, actorOf(req), req.params.user, req.params.name, includeDeleted(req.query));
    return service.presentWorkspace(ctx, row);
  });

  app.patch<{ Params: { workspace: string } }>('/api/v2/workspaces/:workspace', async (req, reply) => {
    await updateWorkspace(ctx, actorOf(req), req.params.workspace, parseBody(updateWorkspaceRequest, req.body));
    return reply.status(204).send();
  });

  app.put<{ Params: { workspace: string } }>('/api/v2/workspaces/:workspace/favorite', async (req, reply) => {
    await setFavorite(ctx, actorOf(req), req.params.workspace, true);
    return reply.status(204).send();
  });

  app.delete<{ Params: { workspace: string } }>('/api/v2/workspaces/:workspace/favorite', async (req, reply) => {
    await setFavorite(ctx, actorOf(req), req.params.workspace, false);
    return reply.status(204).send();
  });

  app.get<{ Params: { workspace: string } }>('/api/v2/workspaces/:workspace/resolve-autostart', async (req) =>
    resolveAutostart(ctx, actorOf(req), req.params.workspace),
  );

  app.post<{ Params: { workspace: string } }>('/api/v2/workspaces/:workspace/usage', async (req, reply) => {
    if (req.body !== undefined) parseBody(postWorkspaceUsageRequest, req.body);
    await reportUsage(ctx, actorOf(req), req.params.workspace);
    return reply.status(204).send();
  });

  registerWorkspaceWatchRoute(app, ctx);
}
