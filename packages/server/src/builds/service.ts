import type { CreateWorkspaceBuildRequest, NameValue, WorkspaceBuild, WorkspaceResource } from '@warren/sdk';
import { authorize, can, type Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import { getProvisionerJob } from '../db/queries/provisioner-jobs';
import { getTemplateById } from '../db/queries/templates';
import { getTemplateVersionById, listTemplateVersionParameters } from '../db/queries/template-versions';
import * as builds from '../db/queries/workspace-builds';
import { getWorkspaceById, lockWorkspace } from '../db/queries/workspaces';
import { ApiError, badRequest, conflict, forbidden, notFound } from '../http/errors';
import { parseUuid } from '../http/validate';
import { presentResources } from '../jobs/present-resources';
import { cancelJob } from '../jobs/service';
import { resolveWorkspace, resolveWorkspaceByName } from '../workspaces/service';
import { resolveBuildParameters } from './parameters';
import { presentBuild, presentBuilds } from './present';
import { queueBuild } from './queue';

const templateAdmin = (organizationId: string) => ({ type: 'template' as const, organizationId });

/** Finds a build whose workspace the actor may read (deleted workspaces included). */
export async function resolveBuild(ctx: ServerContext, actor: Actor, ref: string): Promise<builds.WorkspaceBuildView> {
  const row = await builds.getWorkspaceBuildById(ctx.db, parseUuid(ref, 'workspacebuild'));
  if (!row) throw notFound();
  authorize(actor, 'read', { type: 'workspace', ownerId: row.workspace_owner_id, organizationId: row.organization_id });
  return row;
}

/** Queues a start, stop or delete of a workspace; refused while its previous build is still running. */
export async function createBuild(ctx: ServerContext, actor: Actor, workspaceRef: string, req: CreateWorkspaceBuildRequest): Promise<WorkspaceBuild> {
  const ws = await resolveWorkspace(ctx, actor, workspaceRef);
  authorize(actor, 'update', { type: 'workspace', ownerId: ws.owner_id, organizationId: ws.organization_id });
  if (req.dry_run) throw badRequest('Dry-run workspace builds are not supported.');
  const orphan = req.orphan === true;
  if (orphan && req.transition !== 'delete') {
    throw badRequest('Orphan is only permitted when deleting a workspace.', undefined, [{ field: 'orphan', detail: 'Only for transition "delete".' }]);
  }
  const isTemplateAdmin = can(actor, 'update', templateAdmin(ws.organization_id));
  if (orphan && !isTemplateAdmin) throw forbidden('Deleting a workspace without running terraform (orphan) needs template administration rights.');
  let state: Buffer | undefined;
  if (req.state !== undefined) {
    if (!isTemplateAdmin) throw forbidden('Only template administrators may set the terraform state of a build.');
    state = Buffer.from(req.state, 'base64');
  }

  const now = ctx.clock();
  const buildId = await ctx.db.tx(async (q) => {
    const locked = await lockWorkspace(q, ws.id);
    if (!locked || locked.deleted) throw notFound();
    const previous = await builds.getLatestWorkspaceBuild(q, ws.id);
    const previousJob = previous ? await getProvisionerJob(q, previous.job_id) : undefined;
    if (previousJob && !previousJob.completed_at) throw conflict('A workspace build is already active.');
    const versionId = req.template_version_id?.toLowerCase() ?? previous?.template_version_id;
    const version = versionId ? await getTemplateVersionById(q, versionId) : undefined;
    if (!version) throw notFound('Template version not found.');
    if (version.archived && req.template_version_id && req.transition === 'start') {
      throw badRequest('Archived template versions cannot be used to start a workspace.');
    }
    if (version.template_id !== ws.template_id) {
      throw badRequest("The template version does not belong to the workspace's template.", undefined, [
        { field: 'template_version_id', detail: `Version ${version.id} is not a version of template ${ws.template_id}.` },
      ]);
    }
    const template = await getTemplateById(q, ws.template_id, true);
    if (req.transition === 'start' && template?.require_active_version && version.id !== template.active_version_id && !isTemplateAdmin) {
      throw forbidden('The template requires the active version; start the workspace with the active version.');
    }
    const parameters = resolveBuildParameters({
      parameters: await listTemplateVersionParameters(q, version.id),
      previous: previous ? await builds.listWorkspaceBuildParameters(q, previous.id) : undefined,
      supplied: req.rich_parameter_values ?? [],
      transition: req.transition,
    });
    return queueBuild(q, {
      workspace: locked,
      version,
      transition: req.transition,
      initiatorId: actor.userId,
      previous,
      parameters,
      orphan,
      state,
      logLevel: req.log_level || undefined,
      reason: req.reason,
      now,
    });
  });
  return presentBuild(ctx.db, (await builds.getWorkspaceBuildById(ctx.db, buildId))!, ctx.clock());
}

export async function getBuild(ctx: ServerContext, actor: Actor, ref: string): Promise<WorkspaceBuild> {
  return presentBuild(ctx.db, await resolveBuild(ctx, actor, ref), ctx.clock());
}

export async function listBuilds(
  ctx: ServerContext,
  actor: Actor,
  workspaceRef: string,
  p: { afterId?: string; since?: Date; limit: number; offset: number },
): Promise<WorkspaceBuild[]> {
  const ws = await resolveWorkspace(ctx, actor, workspaceRef, true);
  return presentBuilds(ctx.db, await builds.listWorkspaceBuilds(ctx.db, { workspaceId: ws.id, ...p }), ctx.clock());
}

export async function getBuildByNumber(ctx: ServerContext, actor: Actor, userRef: string, name: string, number: string): Promise<WorkspaceBuild> {
  const n = Number(number);
  if (!Number.isInteger(n) || n < 1) {
    throw new ApiError('bad_request', 'Invalid build number.', undefined, [{ field: 'buildnumber', detail: 'Must be a positive integer.' }]);
  }
  const ws = await resolveWorkspaceByName(ctx, actor, userRef, name, true);
  const row = await builds.getWorkspaceBuildByNumber(ctx.db, ws.id, n);
  if (!row) throw notFound();
  return presentBuild(ctx.db, row, ctx.clock());
}

export async function buildParameters(ctx: ServerContext, actor: Actor, ref: string): Promise<NameValue[]> {
  const row = await resolveBuild(ctx, actor, ref);
  return builds.listWorkspaceBuildParameters(ctx.db, row.id);
}

export async function buildResources(ctx: ServerContext, actor: Actor, ref: string): Promise<WorkspaceResource[]> {
  const row = await resolveBuild(ctx, actor, ref);
  return (await presentResources(ctx.db, [row.job_id], ctx.clock())).get(row.job_id) ?? [];
}

/** The raw terraform state of a build; template administrators only. */
export async function buildState(ctx: ServerContext, actor: Actor, ref: string): Promise<Buffer> {
  const row = await resolveBuild(ctx, actor, ref);
  authorize(actor, 'update', templateAdmin(row.organization_id));
  return (await builds.getWorkspaceBuildState(ctx.db, row.id)) ?? Buffer.alloc(0);
}

/** Cancels a build: its owner may when the template allows it, template administrators always. */
export async function cancelBuild(ctx: ServerContext, actor: Actor, ref: string): Promise<{ message: string }> {
  const row = await resolveBuild(ctx, actor, ref);
  authorize(actor, 'update', { type: 'workspace', ownerId: row.workspace_owner_id, organizationId: row.organization_id });
  const ws = await getWorkspaceById(ctx.db, row.workspace_id);
  if (ws && !ws.template_allow_user_cancel_workspace_jobs && !can(actor, 'update', templateAdmin(row.organization_id))) {
    throw forbidden('The template does not allow users to cancel workspace builds.');
  }
  return cancelJob(ctx, row.job_id);
}
