import { authorizationRequest, ORGANIZATION_ROLES, type AssignableRoles } from '@warren/sdk';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { actorOf } from '../http/app';
import { parseBody } from '../http/validate';
import { resolveOrganization } from '../organizations/service';
import { slimRole } from '../users/convert';
import { authorizationCheck } from './authcheck';
import { assignableOrganizationRoles, assignableSiteRoles, authorize, rolePermissions } from './policy';

const SITE_ROLES = ['owner', 'template-admin', 'user-admin', 'auditor', 'member'];

function describeRole(name: string, assignable: boolean, organizationId?: string): AssignableRoles {
  return {
    name,
    ...(organizationId && { organization_id: organizationId }),
    display_name: slimRole(name).display_name,
    ...rolePermissions(name),
    assignable,
    built_in: true,
  };
}

/** The permission map clients check before showing an action, and the roles there are. */
export function registerAuthzRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/api/v2/authcheck', async (req) => authorizationCheck(ctx, actorOf(req), parseBody(authorizationRequest, req.body)));

  app.get('/api/v2/users/roles', async (req): Promise<AssignableRoles[]> => {
    const actor = actorOf(req);
    authorize(actor, 'read', { type: 'assign_role' });
    const assignable = assignableSiteRoles(actor);
    // `member` is every user's implicit role: never assigned.
    return SITE_ROLES.map((name) => describeRole(name, assignable.includes(name)));
  });

  app.get<{ Params: { org: string } }>('/api/v2/organizations/:org/members/roles', async (req): Promise<AssignableRoles[]> => {
    const actor = actorOf(req);
    const org = await resolveOrganization(ctx, actor, req.params.org);
    authorize(actor, 'read', { type: 'assign_role', organizationId: org.id });
    const assignable = assignableOrganizationRoles(actor, org.id);
    return ORGANIZATION_ROLES.filter((name) => name !== 'organization-member').map((name) => describeRole(name, assignable.includes(name), org.id));
  });
}
