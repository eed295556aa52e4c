import { randomUUID } from 'node:crypto';
import type { CreateWorkspaceRequest, Workspace, WorkspacesResponse } from '@warren/sdk';
import { authorize, can, type Actor } from '../authz/policy';
import { requireImportedVersion, queueBuild } from '../builds/queue';
import { resolveBuildParameters } from '../builds/parameters';
import { presentBuilds } from '../builds/present';
import type { ServerContext } from '../context';
import { pgErrorCode, UNIQUE_VIOLATION } from '../db/database';
import { getOrganizationById, getOrganizationByName, listMembershipsOfUsers } from '../db/queries/organizations';
import { getTemplateById } from '../db/queries/templates';
import { getTemplateVersionById, listTemplateVersionParameters } from '../db/queries/template-versions';
import { getLatestWorkspaceBuilds } from '../db/queries/workspace-builds';
import * as workspaces from '../db/queries/workspaces';
import { ApiError, badRequest, notFound, validationFailed } from '../http/errors';
import { isUuid, parseUuid } from '../http/validate';
import { resolveOrganization } from '../organizations/service';
import { validAutostartSchedule, validTtl } from '../schedules/validate';
import { resolveUser } from '../users/service';
import { toWorkspace } from './convert';
import { parseWorkspaceQuery } from './query';

const workspaceObj = (w: { owner_id: string; organization_id: string }) => ({
  type: 'workspace' as const,
  ownerId: w.owner_id,
  organizationId: w.organization_id,
});

function gone(w: workspaces.WorkspaceView): ApiError {
  return new ApiError(
    'gone',
    `Workspace ${w.id} was deleted, you can view this workspace by specifying '?deleted=true' and trying again.`,
  );
}

/** Finds a workspace the actor may read (404 otherwise); a deleted one answers 410 unless asked for. */
export async function resolveWorkspace(
  ctx: ServerContext,
  actor: Actor,
  ref: string,
  includeDeleted = false,
): Promise<workspaces.WorkspaceView> {
  const row = await workspaces.getWorkspaceById(ctx.db, parseUuid(ref, 'workspace'));
  if (!row) throw notFound();
  authorize(actor, 'read', workspaceObj(row));
  if (row.deleted && !includeDeleted) throw gone(row);
  return row;
}

export async function resolveWorkspaceByName(
  ctx: ServerContext,
  actor: Actor,
  userRef: string,
  name: string,
  includeDeleted = false,
): Promise<workspaces.WorkspaceView> {
  const owner = await resolveUser(ctx, actor, userRef);
  const row = await workspaces.getWorkspaceByOwnerAndName(ctx.db, owner.id, name, includeDeleted);
  if (!row) throw notFound();
  authorize(actor, 'read', workspaceObj(row));
  return row;
}

export async function presentWorkspaces(ctx: ServerContext, rows: workspaces.WorkspaceView[]): Promise<Workspace[]> {
  if (rows.length === 0) return [];
  const q = ctx.db;
  const now = ctx.clock();
  const byWorkspace = await getLatestWorkspaceBuilds(q, rows.map((r) => r.id));
  const latest = rows.map((row) => byWorkspace.get(row.id)!);
  const builds = await presentBuilds(q, latest, now);
  return rows.map((row, i) => toWorkspace(row, builds[i]!, now, ctx.allowWorkspaceRenames === true));
}

export async function presentWorkspace(ctx: ServerContext, row: workspaces.WorkspaceView): Promise<Workspace> {
  return (await presentWorkspaces(ctx, [row]))[0]!;
}

/** Re-reads a workspace by id, deleted or not. */
/** Whether `actor` may read the workspace `id` (false when it does not exist). */
export async function workspaceChangeVisibleTo(ctx: ServerContext, actor: Actor, id: string): Promise<boolean> {
  const row = await workspaces.getWorkspaceById(ctx.db, id);
  return !!row && can(actor, 'read', workspaceObj(row));
}

export async function presentWorkspaceById(ctx: ServerContext, id: string): Promise<Workspace | undefined> {
  const row = await workspaces.getWorkspaceById(ctx.db, id);
  return row ? presentWorkspace(ctx, row) : undefined;
}

/**
 * Creates a workspace and queues its first build (start) in one transaction. `orgRef` is absent
 * on `POST /users/{user}/workspaces`, where the template decides the organization.
 */
export async function createWorkspace(
  ctx: ServerContext,
  actor: Actor,
  orgRef: string | undefined,
  userRef: string,
  req: CreateWorkspaceRequest,
): Promise<Workspace> {
  if (!req.template_id === !req.template_version_id) {
    throw validationFailed([{ field: 'template_id', detail: 'Give exactly one of template_id and template_version_id.' }]);
  }
  const owner = await resolveUser(ctx, actor, userRef);
  const org = orgRef ? await resolveOrganization(ctx, actor, orgRef) : undefined;
  let version = req.template_version_id ? await getTemplateVersionById(ctx.db, req.template_version_id.toLowerCase()) : undefined;
  if (req.template_version_id && !version?.template_id) throw notFound('Template version not found.');
  const template = await getTemplateById(ctx.db, (req.template_id ?? version!.template_id!).toLowerCase());
  if (!template || !can(actor, 'read', { type: 'template', organizationId: template.organization_id })) {
    throw notFound('Template not found.');
  }
  if (org && template.organization_id !== org.id) {
    throw badRequest('The template is not in this organization.', undefined, [
      { field: 'template_id', detail: `Template ${template.id} belongs to another organization.` },
    ]);
  }
  const organizationId = template.organization_id;
  const memberships = await listMembershipsOfUsers(ctx.db, [owner.id]);
  if (!memberships.some((m) => m.organization_id === organizationId)) {
    throw badRequest(`User "${owner.username}" is not a member of the template's organization.`);
  }
  authorize(actor, 'create', { type: 'workspace', ownerId: owner.id, organizationId });
  if (template.deprecation_message) {
    throw badRequest(`Template "${template.name}" has been deprecated, and cannot be used to create a new workspace.`, template.deprecation_message);
  }
  version ??= await getTemplateVersionById(ctx.db, template.active_version_id);
  if (!version) throw notFound('Template version not found.');
  if (version.archived) throw badRequest('Archived template versions cannot be used to make a workspace.');
  await requireImportedVersion(ctx.db, version);
  const autostartSchedule = validAutostartSchedule(req.autostart_schedule, 'Invalid Autostart Schedule.');
  // No TTL asked for: the template's default (Coder's rule).
  const ttlMs = validTtl(req.ttl_ms, template.default_ttl_ms, 'Invalid Workspace Time to Shutdown.');
  const parameters = resolveBuildParameters({
    parameters: await listTemplateVersionParameters(ctx.db, version.id),
    previous: undefined,
    supplied: req.rich_parameter_values ?? [],
    transition: 'start',
  });

  const now = ctx.clock();
  const id = randomUUID();
  await ctx.db
    .tx(async (q) => {
      const row = await workspaces.insertWorkspace(q, {
        id,
        ownerId: owner.id,
        organizationId,
        templateId: template.id,
        name: req.name,
        autostartSchedule,
        ttlMs,
        automaticUpdates: req.automatic_updates === 'always' ? 'always' : 'never',
        now,
      });
      await queueBuild(q, { workspace: row, version: version!, transition: 'start', initiatorId: actor.userId, previous: undefined, parameters, orphan: false, now });
    })
    .catch((err: unknown) => {
      if (pgErrorCode(err) === UNIQUE_VIOLATION) {
        throw new ApiError('conflict', `Workspace "${req.name}" already exists.`, undefined, [
          { field: 'name', detail: 'This value is already in use and should be unique.' },
        ]);
      }
      throw err;
    });
  return (await presentWorkspaceById(ctx, id))!;
}

/** Workspaces matching `q` that the actor may read. */
export async function listWorkspaces(
  ctx: ServerContext,
  actor: Actor,
  q: string,
  limit: number,
  offset: number,
): Promise<WorkspacesResponse> {
  const { organization, ...filter } = parseWorkspaceQuery(q, actor.userId);
  let organizationId: string | undefined;
  if (organization) {
    const org = isUuid(organization) ? await getOrganizationById(ctx.db, organization.toLowerCase()) : await getOrganizationByName(ctx.db, organization);
    organizationId = org?.id ?? '00000000-0000-0000-0000-000000000000';
  }
  const readAll = can(actor, 'read', { type: 'workspace' });
  const readableBy = readAll
    ? undefined
    : {
        ownerId: actor.userId,
        organizationIds: [...actor.organizationRoles.keys()].filter((o) =>
          can(actor, 'read', { type: 'workspace', organizationId: o, ownerId: '00000000-0000-0000-0000-000000000000' }),
        ),
      };
  const { rows, count } = await workspaces.listWorkspaces(ctx.db, { ...filter, organizationId, readableBy, requesterId: actor.userId, limit, offset });
  return { workspaces: await presentWorkspaces(ctx, rows), count };
}
