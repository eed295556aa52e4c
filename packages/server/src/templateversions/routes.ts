import { createTemplateVersionDryRunRequest, createTemplateVersionRequest, patchTemplateVersionRequest, type TemplateVersionPreset } from '@warren/sdk';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { listTemplateVersionPresets } from '../db/queries/template-version-presets';
import { actorOf } from '../http/app';
import { parseBody } from '../http/validate';
import { registerJobLogsRoute } from '../jobs/routes';
import { setVersionArchived } from './archive';
import { cancelDryRun, createDryRun, dryRunResources, getDryRun, resolveDryRun } from './dry-run';
import * as service from './service';

type VersionParams = { version: string };

export function registerTemplateVersionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Params: { org: string } }>('/api/v2/organizations/:org/templateversions', async (req, reply) => {
    const body = parseBody(createTemplateVersionRequest, req.body);
    return reply.status(201).send(await service.createTemplateVersion(ctx, actorOf(req), req.params.org, body));
  });

  app.get<{ Params: VersionParams }>('/api/v2/templateversions/:version', async (req) =>
    service.presentVersion(ctx.db, await service.resolveVersion(ctx, actorOf(req), req.params.version)),
  );

  app.patch<{ Params: VersionParams }>('/api/v2/templateversions/:version', async (req) =>
    service.patchTemplateVersion(ctx, actorOf(req), req.params.version, parseBody(patchTemplateVersionRequest, req.body)),
  );

  type DryRunParams = VersionParams & { job: string };
  app.post<{ Params: VersionParams }>('/api/v2/templateversions/:version/dry-run', async (req, reply) =>
    reply.status(201).send(await createDryRun(ctx, actorOf(req), req.params.version, parseBody(createTemplateVersionDryRunRequest, req.body ?? {}))),
  );
  app.get<{ Params: DryRunParams }>('/api/v2/templateversions/:version/dry-run/:job', async (req) => getDryRun(ctx, actorOf(req), req.params.version, req.params.job));
  app.get<{ Params: DryRunParams }>('/api/v2/templateversions/:version/dry-run/:job/resources', async (req) =>
    dryRunResources(ctx, actorOf(req), req.params.version, req.params.job),
  );
  app.patch<{ Params: DryRunParams }>('/api/v2/templateversions/:version/dry-run/:job/cancel', async (req) =>
    cancelDryRun(ctx, actorOf(req), req.params.version, req.params.job),
  );
  registerJobLogsRoute<DryRunParams>(app, ctx, '/api/v2/templateversions/:version/dry-run/:job/logs', async (actor, p) => (await resolveDryRun(ctx, actor, p.version, p.job)).id);

  for (const archive of [true, false]) {
    // Coder answers a JSON string here, not its usual {message}.
    app.post<{ Params: VersionParams }>(`/api/v2/templateversions/:version/${archive ? 'archive' : 'unarchive'}`, async (req, reply) =>
      reply.type('application/json; charset=utf-8').send(JSON.stringify(await setVersionArchived(ctx, actorOf(req), req.params.version, archive))),
    );
  }

  app.patch<{ Params: VersionParams }>('/api/v2/templateversions/:version/cancel', async (req) =>
    service.cancelTemplateVersion(ctx, actorOf(req), req.params.version),
  );

  registerJobLogsRoute<VersionParams>(app, ctx, '/api/v2/templateversions/:version/logs', async (actor, params) => {
    return (await service.resolveVersion(ctx, actor, params.version)).job_id;
  });

  app.get<{ Params: VersionParams }>('/api/v2/templateversions/:version/rich-parameters', async (req) =>
    service.richParameters(ctx, actorOf(req), req.params.version),
  );

  app.get<{ Params: VersionParams }>('/api/v2/templateversions/:version/resources', async (req) =>
    service.versionResources(ctx, actorOf(req), req.params.version),
  );

  app.get<{ Params: VersionParams }>('/api/v2/templateversions/:version/variables', async (req) =>
    service.versionVariables(ctx, actorOf(req), req.params.version),
  );

  app.get<{ Params: VersionParams }>('/api/v2/templateversions/:version/external-auth', async (req) =>
    service.versionExternalAuth(ctx, actorOf(req), req.params.version),
  );

  app.get<{ Params: VersionParams }>('/api/v2/templateversions/:version/presets', async (req): Promise<TemplateVersionPreset[]> => {
    const version = await service.resolveVersion(ctx, actorOf(req), req.params.version);
    return (await listTemplateVersionPresets(ctx.db, version.id)).map((p) => ({
      ID: p.id,
      Name: p.name,
      Parameters: p.parameters.map(({ name, value }) => ({ Name: name, Value: value })),
      Default: p.is_default,
      DesiredPrebuildInstances: p.desired_instances,
      Description: p.description,
      Icon: p.icon,
    }));
  });

  // Deprecated routes old clients still call; Coder answers empty lists.
  for (const path of ['schema', 'parameters']) {
    app.get<{ Params: VersionParams }>(`/api/v2/templateversions/:version/${path}`, async (req) => {
      await service.resolveVersion(ctx, actorOf(req), req.params.version);
      return [];
    });
  }
}
