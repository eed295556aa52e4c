import { updateRolesRequest } from '@warren/sdk';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { actorOf } from '../http/app';
import { notFound } from '../http/errors';
import { parseBody, parsePagination } from '../http/validate';
import { resolveUser } from '../users/service';
import { setMemberRoles } from './member-roles';
import * as service from './service';

export function registerOrganizationRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/v2/organizations', async (req) => service.listVisibleOrganizations(ctx, actorOf(req)));

  app.get<{ Params: { org: string } }>('/api/v2/organizations/:org', async (req) =>
    service.toOrganization(await service.resolveOrganization(ctx, actorOf(req), req.params.org)),
  );

  app.get<{ Params: { org: string } }>('/api/v2/organizations/:org/members', async (req) => {
    const actor = actorOf(req);
    return service.listMembers(ctx, actor, await service.resolveOrganization(ctx, actor, req.params.org));
  });

  app.get<{ Params: { org: string }; Querystring: Record<string, string> }>(
    '/api/v2/organizations/:org/paginated-members',
    async (req) => {
      const actor = actorOf(req);
      const { limit, offset } = parsePagination(req.query);
      const members = await service.listMembers(ctx, actor, await service.resolveOrganization(ctx, actor, req.params.org));
      return { members: members.slice(offset, offset + limit), count: members.length };
    },
  );

  app.put<{ Params: { org: string; user: string } }>('/api/v2/organizations/:org/members/:user/roles', async (req) => {
    const actor = actorOf(req);
    const org = await service.resolveOrganization(ctx, actor, req.params.org);
    return setMemberRoles(ctx, actor, org, req.params.user, parseBody(updateRolesRequest, req.body).roles);
  });

  app.get<{ Params: { user: string } }>('/api/v2/users/:user/organizations', async (req) => {
    const actor = actorOf(req);
    return service.listOrganizationsOfUser(ctx, actor, await resolveUser(ctx, actor, req.params.user));
  });

  app.get<{ Params: { user: string; org: string } }>('/api/v2/users/:user/organizations/:org', async (req) => {
    const actor = actorOf(req);
    const user = await resolveUser(ctx, actor, req.params.user);
    const org = (await service.listOrganizationsOfUser(ctx, actor, user)).find(
      (o) => o.name.toLowerCase() === req.params.org.toLowerCase() || o.id === req.params.org.toLowerCase(),
    );
    if (!org) throw notFound();
    return org;
  });
}
