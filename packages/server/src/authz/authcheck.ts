/**
 * Coder's permission map (`POST /api/v2/authcheck`): each check names a Coder RBAC resource and
 * action; the answer comes from the same policy as every route. Resources and actions Warren does
 * not have (audit logs, licenses, groups...) answer false.
 */
import type { AuthorizationObject, AuthorizationRequest, AuthorizationResponse } from '@warren/sdk';
import type { ServerContext } from '../context';
import { getTemplateById } from '../db/queries/templates';
import { getUserById } from '../db/queries/users';
import { getWorkspaceById } from '../db/queries/workspaces';
import { isUuid } from '../http/validate';
import { assignableSiteRoles, can, type Action, type Actor, type Obj, type ResourceType } from './policy';

const RESOURCES: Record<string, ResourceType> = {
  user: 'user',
  api_key: 'api_key',
  organization: 'organization',
  organization_member: 'organization_member',
  assign_role: 'assign_role',
  assign_org_role: 'assign_role',
  template: 'template',
  file: 'file',
  workspace: 'workspace',
  workspace_dormant: 'workspace',
  workspace_execution: 'workspace',
  provisioner_daemon: 'provisioner_daemon',
  provisioner_jobs: 'provisioner_job',
  provisioner_keys: 'provisioner_key',
  deployment_config: 'deployment_config',
  deployment_stats: 'deployment_stats',
  debug_info: 'debug_info',
};

/** Coder's actions in terms of Warren's four. */
const ACTIONS: Record<string, Action> = {
  create: 'create',
  read: 'read',
  update: 'update',
  delete: 'delete',
  read_personal: 'read',
  update_personal: 'update',
  view_insights: 'read',
  use: 'read',
  ssh: 'update',
  application_connect: 'update',
  workspace_start: 'update',
  workspace_stop: 'update',
  assign: 'update',
  unassign: 'update',
};

/** The object a check is about: as given, or looked up by `resource_id` for workspaces, templates and users. */
async function objectOf(ctx: ServerContext, actor: Actor, type: ResourceType, o: AuthorizationObject): Promise<Obj | undefined> {
  const ownerId = o.owner_id === 'me' ? actor.userId : o.owner_id || undefined;
  const obj: Obj = { type, ownerId, organizationId: o.organization_id || undefined };
  if (!o.resource_id) return obj;
  if (!isUuid(o.resource_id)) return undefined;
  const id = o.resource_id.toLowerCase();
  switch (type) {
    case 'workspace': {
      const w = await getWorkspaceById(ctx.db, id);
      return w && { type, ownerId: w.owner_id, organizationId: w.organization_id };
    }
    case 'template': {
      const t = await getTemplateById(ctx.db, id);
      return t && { type, organizationId: t.organization_id };
    }
    case 'user': {
      const u = await getUserById(ctx.db, id);
      return u && { type, ownerId: u.id };
    }
    default:
      return obj;
  }
}

async function check(ctx: ServerContext, actor: Actor, object: AuthorizationObject, coderAction: string): Promise<boolean> {
  const type = RESOURCES[object.resource_type];
  const action = ACTIONS[coderAction];
  if (!type || !action) return false;
  if (type === 'assign_role' && action !== 'read') return assignableSiteRoles(actor).length > 0;
  const obj = await objectOf(ctx, actor, type, object);
  if (!obj) return false;
  if (can(actor, action, obj)) return true;
  // `any_org`: allowed in at least one of the caller's organizations.
  if (object.any_org && !obj.organizationId) {
    return [...actor.organizationRoles.keys()].some((organizationId) => can(actor, action, { ...obj, organizationId }));
  }
  return false;
}

export async function authorizationCheck(ctx: ServerContext, actor: Actor, req: AuthorizationRequest): Promise<AuthorizationResponse> {
  const answer: AuthorizationResponse = {};
  for (const [key, c] of Object.entries(req.checks)) answer[key] = await check(ctx, actor, c.object, c.action);
  return answer;
}
