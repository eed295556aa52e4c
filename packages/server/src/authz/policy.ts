import type { Permission } from '@warren/sdk';
import { forbidden, notFound } from '../http/errors';

/**
 * Every authorization decision is made here. Domain code describes what it is about to touch
 * (an Obj) and what it wants to do; the policy answers from the actor's roles.
 */
export type Action = 'read' | 'create' | 'update' | 'delete';

export type ResourceType =
  | 'user'
  | 'api_key'
  /** The server's option table (`/deployment/config`) and its usage figures (`/deployment/stats`). */
  | 'deployment_config'
  | 'deployment_stats'
  | 'organization'
  | 'organization_member'
  | 'assign_role'
  | 'template'
  | 'file'
  | 'workspace'
  | 'provisioner_daemon'
  | 'provisioner_key'
  | 'provisioner_job'
  /** A user's Git SSH key (owner: the user). */
  | 'gitsshkey'
  /** A user's tokens at an external auth provider (owner: the user). */
  | 'external_auth_link'
  /** The WebSocket echo of `/api/v2/debug/ws`. */
  | 'websocket_echo'
  /** The deployment health report and its settings (`/api/v2/debug/health`): owners only. */
  | 'debug_info';

export interface Obj {
  type: ResourceType;
  /** The user who owns the object (a user is its own owner). */
  ownerId?: string;
  /** The organization the object lives in. */
  organizationId?: string;
}

export interface Actor {
  userId: string;
  siteRoles: string[];
  /** organization id → the actor's roles there (membership alone gives `organization-member`). */
  organizationRoles: Map<string, string[]>;
  scope: 'all' | 'application_connect';
  apiKeyId: string;
}

type Scope = 'site' | 'org' | 'owner';
interface Grant {
  types: ResourceType[] | '*';
  actions: Action[] | '*';
  scope: Scope;
}

const ALL: Action[] = ['read', 'create', 'update', 'delete'];

const SITE_ROLE_GRANTS: Record<string, Grant[]> = {
  owner: [{ types: '*', actions: '*', scope: 'site' }],
  'template-admin': [
    { types: ['template', 'file', 'provisioner_daemon', 'provisioner_job'], actions: ALL, scope: 'site' },
    { types: ['workspace', 'user', 'organization', 'organization_member'], actions: ['read'], scope: 'site' },
  ],
  'user-admin': [
    { types: ['user', 'organization_member'], actions: ALL, scope: 'site' },
    { types: ['assign_role'], actions: ['read'], scope: 'site' },
    { types: ['organization'], actions: ['read'], scope: 'site' },
  ],
  auditor: [
    { types: ['user', 'organization', 'organization_member', 'template', 'deployment_config', 'deployment_stats'], actions: ['read'], scope: 'site' },
  ],
  // Every signed-in user: themselves, their keys and workspaces, what their organizations share.
  member: [
    { types: ['user'], actions: ['read', 'update'], scope: 'owner' },
    { types: ['api_key', 'workspace', 'gitsshkey', 'external_auth_link'], actions: ALL, scope: 'owner' },
    { types: ['file'], actions: ['create'], scope: 'site' },
    { types: ['file'], actions: ['read'], scope: 'owner' },
    { types: ['assign_role'], actions: ['read'], scope: 'site' },
    { types: ['websocket_echo'], actions: ['read'], scope: 'site' },
  ],
};

const ORG_ROLE_GRANTS: Record<string, Grant[]> = {
  'organization-admin': [{ types: '*', actions: '*', scope: 'org' }],
  'organization-template-admin': [
    { types: ['template', 'file', 'provisioner_daemon', 'provisioner_job'], actions: ALL, scope: 'org' },
    { types: ['workspace', 'organization_member'], actions: ['read'], scope: 'org' },
  ],
  'organization-user-admin': [{ types: ['organization_member'], actions: ALL, scope: 'org' }],
  'organization-auditor': [{ types: ['template', 'organization_member'], actions: ['read'], scope: 'org' }],
  'organization-member': [
    { types: ['organization', 'organization_member', 'template', 'provisioner_daemon'], actions: ['read'], scope: 'org' },
    { types: ['provisioner_job'], actions: ['read'], scope: 'org' },
  ],
};

// An `application_connect` key may only reach workspace apps: it can read its own user and no more.
const APPLICATION_CONNECT_TYPES: ResourceType[] = ['user', 'workspace'];

function grantAllows(grant: Grant, actor: Actor, action: Action, obj: Obj, orgId?: string): boolean {
  if (grant.types !== '*' && !grant.types.includes(obj.type)) return false;
  if (grant.actions !== '*' && !grant.actions.includes(action)) return false;
  switch (grant.scope) {
    case 'site':
      return true;
    case 'owner':
      return obj.ownerId === actor.userId;
    case 'org':
      return obj.organizationId !== undefined && obj.organizationId === orgId;
  }
}

export function can(actor: Actor, action: Action, obj: Obj): boolean {
  if (actor.scope === 'application_connect' && (!APPLICATION_CONNECT_TYPES.includes(obj.type) || action !== 'read')) {
    return false;
  }
  for (const role of new Set([...actor.siteRoles, 'member'])) {
    for (const grant of SITE_ROLE_GRANTS[role] ?? []) if (grantAllows(grant, actor, action, obj)) return true;
  }
  for (const [orgId, roles] of actor.organizationRoles) {
    for (const role of new Set([...roles, 'organization-member'])) {
      for (const grant of ORG_ROLE_GRANTS[role] ?? []) if (grantAllows(grant, actor, action, obj, orgId)) return true;
    }
  }
  return false;
}

/**
 * Throws unless the actor may act. Objects the actor cannot even read answer 404, as if they
 * did not exist; readable ones the actor may not change answer 403.
 */
export function authorize(actor: Actor, action: Action, obj: Obj): void {
  if (can(actor, action, obj)) return;
  if (action !== 'read' && can(actor, 'read', obj)) throw forbidden();
  throw notFound();
}

/** Site roles a given actor may hand out: owners all, user admins all but owner. */
export function assignableSiteRoles(actor: Actor): string[] {
  if (actor.siteRoles.includes('owner')) return ['owner', 'template-admin', 'user-admin', 'auditor'];
  if (actor.siteRoles.includes('user-admin')) return ['template-admin', 'user-admin', 'auditor'];
  return [];
}

const ASSIGNABLE_ORGANIZATION_ROLES = ['organization-admin', 'organization-template-admin', 'organization-user-admin', 'organization-auditor'];

/**
 * Organization roles a given actor may hand out in `organizationId`: owners and user admins in
 * every organization, organization admins and organization user admins in theirs.
 */
export function assignableOrganizationRoles(actor: Actor, organizationId: string): string[] {
  const inOrg = actor.organizationRoles.get(organizationId) ?? [];
  const may = actor.siteRoles.some((r) => r === 'owner' || r === 'user-admin') || inOrg.some((r) => r === 'organization-admin' || r === 'organization-user-admin');
  return may ? [...ASSIGNABLE_ORGANIZATION_ROLES] : [];
}

/** A role's grants in Coder's permission form: site-wide, in the role's organization, on what the user owns. */
export function rolePermissions(role: string): {
  site_permissions: Permission[];
  organization_permissions: Permission[];
  user_permissions: Permission[];
} {
  const out = { site_permissions: [] as Permission[], organization_permissions: [] as Permission[], user_permissions: [] as Permission[] };
  for (const grant of SITE_ROLE_GRANTS[role] ?? ORG_ROLE_GRANTS[role] ?? []) {
    const bucket = grant.scope === 'site' ? out.site_permissions : grant.scope === 'org' ? out.organization_permissions : out.user_permissions;
    for (const type of grant.types === '*' ? ['*'] : grant.types) {
      for (const action of grant.actions === '*' ? ['*'] : grant.actions) bucket.push({ negate: false, resource_type: type, action });
    }
  }
  return out;
}

/** How widely a workspace app or port is shared (`coder_app.share`, port shares). */
export type AppSharingLevel = 'owner' | 'authenticated' | 'organization' | 'public';
const SHARING_ORDER: AppSharingLevel[] = ['owner', 'organization', 'authenticated', 'public'];

export interface AppAccessRules {
  /** The app is served under the dashboard's origin (`/@user/ws/apps/slug`). */
  pathApp: boolean;
  /** `--dangerous-allow-path-app-sharing`: path apps keep their sharing level instead of `owner`. */
  allowPathAppSharing: boolean;
  /** `--dangerous-allow-path-app-site-owner-access`: site owners may open others' path apps. */
  allowPathAppSiteOwnerAccess: boolean;
}

/** The sharing level that applies: path apps are the owner's alone unless sharing them is allowed. */
export function effectiveSharingLevel(level: AppSharingLevel, rules: AppAccessRules): AppSharingLevel {
  return rules.pathApp && !rules.allowPathAppSharing ? 'owner' : level;
}

/**
 * Whether a caller (undefined: no session) may open a workspace app or port shared at `level`,
 * as Coder decides: `public` anyone, `authenticated` any signed-in user, `organization` members
 * of the workspace's organization, `owner` the workspace's owner, and those allowed to change the
 * workspace (site owners, organization admins) except on path apps, where another user's
 * JavaScript would run on the dashboard's origin. An `application_connect` key is enough.
 */
export function canOpenApp(actor: Actor | undefined, level: AppSharingLevel, workspace: Obj, rules: AppAccessRules): boolean {
  const effective = effectiveSharingLevel(level, rules);
  if (effective === 'public') return true;
  if (!actor) return false;
  if (actor.userId === workspace.ownerId) return true;
  if (effective === 'authenticated') return true;
  if (effective === 'organization' && workspace.organizationId !== undefined && actor.organizationRoles.has(workspace.organizationId)) return true;
  if (rules.pathApp && !(rules.allowPathAppSiteOwnerAccess && actor.siteRoles.includes('owner'))) return false;
  return can({ ...actor, scope: 'all' }, 'update', workspace);
}

/** Whether a port may be shared at `level` under a template whose maximum is `max`. */
export function portShareLevelAllowed(level: AppSharingLevel, max: AppSharingLevel): boolean {
  return SHARING_ORDER.indexOf(level) <= SHARING_ORDER.indexOf(max);
}
