/**
 * A workspace's schedule as its owner sets it: the weekly autostart, the time until shutdown (TTL)
 * of each start, moving the current stop time, and whether starts take the template's active
 * version. Answers and messages are Coder's.
 */
import type {
  PutExtendWorkspaceRequest,
  Response,
  UpdateWorkspaceAutomaticUpdatesRequest,
  UpdateWorkspaceAutostartRequest,
  UpdateWorkspaceTtlRequest,
} from '@warren/sdk';
import { authorize, type Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import type { Queryable } from '../db/database';
import { publishWorkspaceChange } from '../db/pubsub';
import { getProvisionerJob } from '../db/queries/provisioner-jobs';
import { getTemplateById } from '../db/queries/templates';
import { getLatestWorkspaceBuild } from '../db/queries/workspace-builds';
import { setWorkspaceAutomaticUpdates, setWorkspaceAutostart, setWorkspaceBuildDeadline, setWorkspaceTtl } from '../db/queries/workspace-schedules';
import type { WorkspaceView } from '../db/queries/workspaces';
import { badRequest, conflict, notFound } from '../http/errors';
import { resolveWorkspace } from '../workspaces/service';
import { validAutostartSchedule, validTtl } from './validate';

const EXTEND_MIN_AHEAD_MS = 29 * 60_000;

/** The workspace and its template, for an actor who may change the workspace. */
async function editableWorkspace(ctx: ServerContext, actor: Actor, ref: string) {
  const workspace = await resolveWorkspace(ctx, actor, ref);
  authorize(actor, 'update', { type: 'workspace', ownerId: workspace.owner_id, organizationId: workspace.organization_id });
  const template = await getTemplateById(ctx.db, workspace.template_id, true);
  if (!template) throw notFound();
  return { workspace, template };
}

export async function setAutostart(ctx: ServerContext, actor: Actor, ref: string, req: UpdateWorkspaceAutostartRequest): Promise<void> {
  const { workspace, template } = await editableWorkspace(ctx, actor, ref);
  const schedule = validAutostartSchedule(req.schedule);
  if (!template.allow_user_autostart) {
    const refused = 'Autostart is not allowed for workspaces using this template.';
    throw badRequest(refused, undefined, [{ field: 'schedule', detail: refused }]);
  }
  await ctx.db.tx(async (q) => {
    await setWorkspaceAutostart(q, workspace.id, schedule, ctx.clock());
    await publishWorkspaceChange(q, workspace.id);
  });
}

/** Sets the TTL of later starts; turning autostop off also clears the running build's deadline. */
export async function setTtl(ctx: ServerContext, actor: Actor, ref: string, req: UpdateWorkspaceTtlRequest): Promise<void> {
  const { workspace, template } = await editableWorkspace(ctx, actor, ref);
  const message = 'Error updating workspace time until shutdown.';
  if (!template.allow_user_autostop) {
    throw badRequest(message, undefined, [{ field: 'ttl_ms', detail: 'Custom autostop TTL is not allowed for workspaces using this template.' }]);
  }
  const ttl = validTtl(req.ttl_ms, 0, message);
  const now = ctx.clock();
  await ctx.db.tx(async (q) => {
    await setWorkspaceTtl(q, workspace.id, ttl, now);
    const latest = await getLatestWorkspaceBuild(q, workspace.id);
    if (ttl === null && latest?.transition === 'start') await setWorkspaceBuildDeadline(q, latest.id, null, now);
    await publishWorkspaceChange(q, workspace.id);
  });
}

/** Whether the workspace's starts, scheduled or not, move it to the template's active version. */
export async function setAutomaticUpdates(ctx: ServerContext, actor: Actor, ref: string, req: UpdateWorkspaceAutomaticUpdatesRequest): Promise<void> {
  const { workspace } = await editableWorkspace(ctx, actor, ref);
  const value = req.automatic_updates;
  if (value !== 'always' && value !== 'never') {
    throw badRequest('Invalid request', undefined, [{ field: 'automatic_updates', detail: 'must be always or never' }]);
  }
  await ctx.db.tx(async (q) => {
    await setWorkspaceAutomaticUpdates(q, workspace.id, value, ctx.clock());
    await publishWorkspaceChange(q, workspace.id);
  });
}

/** Moves the stop time of a running workspace that has one: at least 30 minutes ahead, within its max deadline. */
export async function extendDeadline(ctx: ServerContext, actor: Actor, ref: string, req: PutExtendWorkspaceRequest): Promise<Response> {
  const { workspace } = await editableWorkspace(ctx, actor, ref);
  const deadline = new Date(req.deadline);
  const now = ctx.clock();
  await ctx.db.tx(async (q) => {
    const build = await latestStartedBuild(q, workspace);
    const job = (await getProvisionerJob(q, build.job_id))!;
    if (!job.completed_at) throw conflict('Workspace is still building!');
    if (!build.deadline) throw conflict('Workspace shutdown is manual.');
    if (deadline.getTime() < now.getTime() + EXTEND_MIN_AHEAD_MS) {
      throw badRequest('Cannot extend workspace: new deadline must be at least 30 minutes in the future');
    }
    if (deadline < job.completed_at) throw badRequest('Cannot extend workspace: new deadline must be before workspace start time');
    if (build.max_deadline && deadline > build.max_deadline) throw badRequest('Cannot extend workspace beyond max deadline.');
    await setWorkspaceBuildDeadline(q, build.id, deadline, now);
    await publishWorkspaceChange(q, workspace.id);
  });
  return { message: `Deadline updated to ${deadline.toISOString().replace(/\.\d{3}Z$/, 'Z')}.` };
}

async function latestStartedBuild(q: Queryable, workspace: WorkspaceView) {
  const build = await getLatestWorkspaceBuild(q, workspace.id);
  if (!build) throw notFound();
  if (build.transition !== 'start') throw conflict(`Workspace must be started, current status: ${build.transition}`);
  return build;
}
