import type { Organization, OrganizationMemberWithUserData } from '@warren/sdk';
import { authorize, can, type Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import * as orgs from '../db/queries/organizations';
import { notFound } from '../http/errors';
import { isUuid } from '../http/validate';
import { iso, slimRole } from '../users/convert';
import type { UserRow } from '../db/queries/users';

export function toOrganization(row: orgs.OrganizationRow): Organization {
  return {
    id: row.id,
    name: row.name,
    display_name: row.display_name,
    description: row.description,
    icon: row.icon,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    is_default: row.is_default,
  };
}

/** Finds an organization by id, name or `default`, answering 404 when the actor may not read it. */
export async function resolveOrganization(ctx: ServerContext, actor: Actor, ref: string): Promise<orgs.OrganizationRow> {
  const row = isUuid(ref)
    ? await orgs.getOrganizationById(ctx.db, ref.toLowerCase())
    : ((await orgs.getOrganizationByName(ctx.db, ref)) ??
      (ref === 'default' ? await orgs.getDefaultOrganization(ctx.db) : undefined));
  if (!row) throw notFound();
  authorize(actor, 'read', { type: 'organization', organizationId: row.id });
  return row;
}

export async function listVisibleOrganizations(ctx: ServerContext, actor: Actor): Promise<Organization[]> {
  const rows = await orgs.listOrganizations(ctx.db);
  return rows.filter((r) => can(actor, 'read', { type: 'organization', organizationId: r.id })).map(toOrganization);
}

export async function listOrganizationsOfUser(ctx: ServerContext, actor: Actor, user: UserRow): Promise<Organization[]> {
  const rows = await orgs.listOrganizationsOfUser(ctx.db, user.id);
  return rows.filter((r) => can(actor, 'read', { type: 'organization', organizationId: r.id })).map(toOrganization);
}

export async function listMembers(ctx: ServerContext, actor: Actor, org: orgs.OrganizationRow): Promise<OrganizationMemberWithUserData[]> {
  authorize(actor, 'read', { type: 'organization_member', organizationId: org.id });
  const rows = await orgs.listMembersWithUsers(ctx.db, org.id);
  return rows.map((m) => ({
    username: m.user.username,
    name: m.user.name,
    avatar_url: m.user.avatar_url,
    email: m.user.email,
    global_roles: m.user.rbac_roles.map((r) => slimRole(r)),
    user_id: m.user_id,
    organization_id: m.organization_id,
    created_at: iso(m.created_at),
    updated_at: iso(m.updated_at),
    roles: m.roles.map((r) => slimRole(r, m.organization_id)),
  }));
}
