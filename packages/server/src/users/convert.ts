import type { LoginType, SlimRole, User, UserStatus } from '@warren/sdk';
import type { UserRow } from '../db/queries/users';

const ROLE_DISPLAY_NAMES: Record<string, string> = {
  owner: 'Owner',
  member: 'Member',
  'template-admin': 'Template Admin',
  'user-admin': 'User Admin',
  auditor: 'Auditor',
  'organization-admin': 'Organization Admin',
  'organization-member': 'Organization Member',
  'organization-template-admin': 'Organization Template Admin',
  'organization-user-admin': 'Organization User Admin',
  'organization-auditor': 'Organization Auditor',
  'organization-workspace-creation-ban': 'Organization Workspace Creation Ban',
};

export function slimRole(name: string, organizationId = ''): SlimRole {
  return { name, display_name: ROLE_DISPLAY_NAMES[name] ?? name, organization_id: organizationId };
}

export function toUser(row: UserRow, organizationIds: string[]): User {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    email: row.email,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    last_seen_at: iso(row.last_seen_at),
    status: row.status as UserStatus,
    login_type: row.login_type as LoginType,
    theme_preference: row.theme_preference,
    organization_ids: organizationIds,
    roles: row.rbac_roles.map((r) => slimRole(r)),
    avatar_url: row.avatar_url,
  };
}

/** Rows read through `to_jsonb` carry timestamps as strings; normalise both to RFC 3339 UTC. */
export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
