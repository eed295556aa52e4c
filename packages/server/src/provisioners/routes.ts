import { createProvisionerKeyRequest, PROVISIONER_DAEMON_KEY_HEADER } from '@warren/sdk';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { actorOf } from '../http/app';
import { badRequest } from '../http/errors';
import { parseBody } from '../http/validate';
import { resolveOrganization } from '../organizations/service';
import { getJob, listDaemons, listJobs, type DaemonQuery } from './daemons';
import { authenticateProvisionerKey, createProvisionerKey, deleteProvisionerKey, listKeyDaemons, listProvisionerKeys, toProvisionerKey } from './keys';
import { registerServeRoute } from './serve';

type OrgParams = { org: string };

/** External provisioner daemons: their connection, keys, and what they and the queue are doing. */
export function registerProvisionerRoutes(app: FastifyInstance, ctx: ServerContext): void {
  registerServeRoute(app, ctx);

  app.get<{ Params: OrgParams; Querystring: DaemonQuery }>('/api/v2/organizations/:org/provisionerdaemons', async (req) => {
    const actor = actorOf(req);
    return listDaemons(ctx, actor, await resolveOrganization(ctx, actor, req.params.org), req.query);
  });

  app.get<{ Params: OrgParams; Querystring: Record<string, string> }>('/api/v2/organizations/:org/provisionerjobs', async (req) => {
    const actor = actorOf(req);
    return listJobs(ctx, actor, await resolveOrganization(ctx, actor, req.params.org), req.query);
  });

  app.get<{ Params: OrgParams & { job: string } }>('/api/v2/organizations/:org/provisionerjobs/:job', async (req) => {
    const actor = actorOf(req);
    return getJob(ctx, actor, await resolveOrganization(ctx, actor, req.params.org), req.params.job);
  });

  app.post<{ Params: OrgParams }>('/api/v2/organizations/:org/provisionerkeys', async (req, reply) => {
    const actor = actorOf(req);
    const org = await resolveOrganization(ctx, actor, req.params.org);
    return reply.status(201).send(await createProvisionerKey(ctx, actor, org, parseBody(createProvisionerKeyRequest, req.body)));
  });

  app.get<{ Params: OrgParams }>('/api/v2/organizations/:org/provisionerkeys', async (req) => {
    const actor = actorOf(req);
    return listProvisionerKeys(ctx, actor, await resolveOrganization(ctx, actor, req.params.org));
  });

  app.get<{ Params: OrgParams }>('/api/v2/organizations/:org/provisionerkeys/daemons', async (req) => {
    const actor = actorOf(req);
    return listKeyDaemons(ctx, actor, await resolveOrganization(ctx, actor, req.params.org));
  });

  app.delete<{ Params: OrgParams & { name: string } }>('/api/v2/organizations/:org/provisionerkeys/:name', async (req, reply) => {
    const actor = actorOf(req);
    await deleteProvisionerKey(ctx, actor, await resolveOrganization(ctx, actor, req.params.org), req.params.name);
    return reply.status(204).send();
  });

  // Authenticated by the key itself: a daemon learns its organization and tags.
  app.get<{ Params: { key: string } }>('/api/v2/provisionerkeys/:key', { config: { public: true } }, async (req) => {
    const given = req.headers[PROVISIONER_DAEMON_KEY_HEADER.toLowerCase()];
    const secret = typeof given === 'string' && given ? given : req.params.key;
    if (!secret) throw badRequest(`Header "${PROVISIONER_DAEMON_KEY_HEADER}" must be provided.`);
    return toProvisionerKey(await authenticateProvisionerKey(ctx, secret));
  });
}
