import type { Queryable } from '../database';
import type { UserRow } from './users';

export interface OrganizationRow {
  id: string;
  name: string;
  display_name: string;
  description: string;
  icon: string;
  is_default: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface MemberRow {
  organization_id: string;
  user_id: string;
  roles: string[];
  created_at: Date;
  updated_at: Date;
}

export async function insertOrganization(
  q: Queryable,
  p: { id: string; name: string; displayName: string; description: string; isDefault: boolean; now: Date },
): Promise<OrganizationRow> {
  const { rows } = await q.query<OrganizationRow>(
    `INSERT INTO organizations (id, name, display_name, description, is_default, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING *`,
    [p.id, p.name, p.displayName, p.description, p.isDefault, p.now],
  );
  return rows[0]!;
}

export async function getDefaultOrganization(q: Queryable): Promise<OrganizationRow | undefined> {
  const { rows } = await q.query<OrganizationRow>('SELECT * FROM organizations WHERE is_default');
  return rows[0];
}

export async function getOrganizationById(q: Queryable, id: string): Promise<OrganizationRow | undefined> {
  const { rows } = await q.query<OrganizationRow>('SELECT * FROM organizations WHERE id = $1', [id]);
  return rows[0];
}

export async function getOrganizationByName(q: Queryable, name: string): Promise<OrganizationRow | undefined> {
  const { rows } = await q.query<OrganizationRow>('SELECT * FROM organizations WHERE lower(name) = lower($1)', [name]);
  return rows[0];
}

export async function listOrganizations(q: Queryable): Promise<OrganizationRow[]> {
  const { rows } = await q.query<OrganizationRow>('SELECT * FROM organizations ORDER BY is_default DESC, lower(name)');
  return rows;
}

export async function listOrganizationsOfUser(q: Queryable, userId: string): Promise<OrganizationRow[]> {
  const { rows } = await q.query<OrganizationRow>(
    `SELECT o.* FROM organizations o JOIN organization_members m ON m.organization_id = o.id
     WHERE m.user_id = $1 ORDER BY o.is_default DESC, lower(o.name)`,
    [userId],
  );
  return rows;
}

export async function insertMember(
  q: Queryable,
  p: { organizationId: string; userId: string; roles: string[]; now: Date },
): Promise<MemberRow> {
  const { rows } = await q.query<MemberRow>(
    `INSERT INTO organization_members (organization_id, user_id, roles, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $4) RETURNING *`,
    [p.organizationId, p.userId, p.roles, p.now],
  );
  return rows[0]!;
}

/** Sets a member's organization roles; undefined when the user is not a member. */
export async function updateMemberRoles(q: Queryable, organizationId: string, userId: string, roles: string[], now: Date): Promise<MemberRow | undefined> {
  const { rows } = await q.query<MemberRow>(
    'UPDATE organization_members SET roles = $3, updated_at = $4 WHERE organization_id = $1 AND user_id = $2 RETURNING *',
    [organizationId, userId, roles, now],
  );
  return rows[0];
}

export async function listMembershipsOfUsers(q: Queryable, userIds: string[]): Promise<MemberRow[]> {
  const { rows } = await q.query<MemberRow>('SELECT * FROM organization_members WHERE user_id = ANY ($1::uuid[])', [userIds]);
  return rows;
}

export async function listMembersWithUsers(q: Queryable, organizationId: string): Promise<Array<MemberRow & { user: UserRow }>> {
  const { rows } = await q.query<MemberRow & { user: UserRow }>(
    `SELECT m.*, to_jsonb(u) AS user FROM organization_members m JOIN users u ON u.id = m.user_id
     WHERE m.organization_id = $1 AND NOT u.deleted ORDER BY lower(u.username)`,
    [organizationId],
  );
  return rows;
}
