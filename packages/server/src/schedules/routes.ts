import { putExtendWorkspaceRequest, updateWorkspaceAutomaticUpdatesRequest, updateWorkspaceAutostartRequest, updateWorkspaceTtlRequest } from '@warren/sdk';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { actorOf } from '../http/app';
import { parseBody } from '../http/validate';
import { extendDeadline, setAutomaticUpdates, setAutostart, setTtl } from './service';

type WorkspaceParams = { Params: { workspace: string } };

export function registerScheduleRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.put<WorkspaceParams>('/api/v2/workspaces/:workspace/autostart', async (req, reply) => {
    await setAutostart(ctx, actorOf(req), req.params.workspace, parseBody(updateWorkspaceAutostartRequest, req.body));
    return reply.status(204).send();
  });

  app.put<WorkspaceParams>('/api/v2/workspaces/:workspace/ttl', async (req, reply) => {
    await setTtl(ctx, actorOf(req), req.params.workspace, parseBody(updateWorkspaceTtlRequest, req.body));
    return reply.status(204).send();
  });

  app.put<WorkspaceParams>('/api/v2/workspaces/:workspace/extend', async (req) =>
    extendDeadline(ctx, actorOf(req), req.params.workspace, parseBody(putExtendWorkspaceRequest, req.body)),
  );

  app.put<WorkspaceParams>('/api/v2/workspaces/:workspace/autoupdates', async (req, reply) => {
    await setAutomaticUpdates(ctx, actorOf(req), req.params.workspace, parseBody(updateWorkspaceAutomaticUpdatesRequest, req.body));
    return reply.status(204).send();
  });
}
