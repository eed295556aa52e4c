import type { OrganizationMember } from '@warren/sdk';
import { assignableOrganizationRoles, authorize, type Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import * as orgs from '../db/queries/organizations';
import { badRequest, notFound } from '../http/errors';
import { iso, slimRole } from '../users/convert';
import { resolveUser } from '../users/service';

/**
 * `PUT /organizations/{org}/members/{user}/roles`: the member's organization roles, replaced by the
 * ones given (organization-member is implied and never stored). Nobody changes their own roles;
 * only roles the caller may hand out in that organization are accepted.
 */
export async function setMemberRoles(ctx: ServerContext, actor: Actor, org: orgs.OrganizationRow, userRef: string, roles: string[]): Promise<OrganizationMember> {
  const user = await resolveUser(ctx, actor, userRef);
  authorize(actor, 'update', { type: 'organization_member', organizationId: org.id });
  if (user.id === actor.userId) throw badRequest('You cannot change your own organization roles.', 'Another user with the appropriate permissions must change your roles.');
  const wanted = [...new Set(roles.filter((r) => r !== 'organization-member'))];
  const assignable = assignableOrganizationRoles(actor, org.id);
  const refused = wanted.find((r) => !assignable.includes(r));
  if (refused) throw badRequest(`Cannot assign role "${refused}".`, `Roles you may assign here: ${assignable.join(', ') || 'none'}.`);
  const row = await orgs.updateMemberRoles(ctx.db, org.id, user.id, wanted, ctx.clock());
  if (!row) throw notFound(`${user.username} is not a member of ${org.name}.`);
  return {
    user_id: row.user_id,
    organization_id: row.organization_id,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    roles: row.roles.map((r) => slimRole(r, row.organization_id)),
  };
}
