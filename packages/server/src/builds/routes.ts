import { createWorkspaceBuildRequest } from '@warren/sdk';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { actorOf } from '../http/app';
import { ApiError } from '../http/errors';
import { parseBody, parsePagination, parseUuid } from '../http/validate';
import { registerJobLogsRoute } from '../jobs/routes';
import * as service from './service';
import { buildTimings } from './timings';

type BuildParams = { build: string };
type Query = Record<string, string | undefined>;

function sinceOf(query: Query): Date | undefined {
  if (!query.since) return undefined;
  const d = new Date(query.since);
  if (Number.isNaN(d.getTime())) {
    throw new ApiError('bad_request', 'Query parameters have invalid values.', undefined, [{ field: 'since', detail: 'Must be an RFC 3339 time.' }]);
  }
  return d;
}

export function registerBuildRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Params: { workspace: string } }>('/api/v2/workspaces/:workspace/builds', async (req, reply) => {
    const body = parseBody(createWorkspaceBuildRequest, req.body);
    return reply.status(201).send(await service.createBuild(ctx, actorOf(req), req.params.workspace, body));
  });

  app.get<{ Params: { workspace: string }; Querystring: Query }>('/api/v2/workspaces/:workspace/builds', async (req) => {
    const { limit, offset } = parsePagination(req.query);
    return service.listBuilds(ctx, actorOf(req), req.params.workspace, {
      afterId: req.query.after_id ? parseUuid(req.query.after_id, 'after_id') : undefined,
      since: sinceOf(req.query),
      limit,
      offset,
    });
  });

  app.get<{ Params: { user: string; name: string; number: string } }>(
    '/api/v2/users/:user/workspace/:name/builds/:number',
    async (req) => service.getBuildByNumber(ctx, actorOf(req), req.params.user, req.params.name, req.params.number),
  );

  app.get<{ Params: BuildParams }>('/api/v2/workspacebuilds/:build', async (req) => service.getBuild(ctx, actorOf(req), req.params.build));

  registerJobLogsRoute<BuildParams>(app, ctx, '/api/v2/workspacebuilds/:build/logs', async (actor, params) => {
    return (await service.resolveBuild(ctx, actor, params.build)).job_id;
  });

  app.get<{ Params: BuildParams }>('/api/v2/workspacebuilds/:build/parameters', async (req) =>
    service.buildParameters(ctx, actorOf(req), req.params.build),
  );

  app.get<{ Params: BuildParams }>('/api/v2/workspacebuilds/:build/resources', async (req) =>
    service.buildResources(ctx, actorOf(req), req.params.build),
  );

  app.get<{ Params: BuildParams }>('/api/v2/workspacebuilds/:build/state', async (req, reply) => {
    const state = await service.buildState(ctx, actorOf(req), req.params.build);
    return reply.header('Content-Type', 'application/json').send(state);
  });

  app.get<{ Params: BuildParams }>('/api/v2/workspacebuilds/:build/timings', async (req) => buildTimings(ctx, actorOf(req), req.params.build));

  app.patch<{ Params: BuildParams }>('/api/v2/workspacebuilds/:build/cancel', async (req) =>
    service.cancelBuild(ctx, actorOf(req), req.params.build),
  );
}
