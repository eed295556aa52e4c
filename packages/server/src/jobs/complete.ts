import { jobTimingSchema, type CompletedJob, type FailedJob, type JobTiming } from '@warren/sdk';
import { z } from 'zod';
import type { ServerContext } from '../context';
import type { Queryable } from '../db/database';
import { insertProvisionerTimings } from '../db/queries/build-timings';
import { insertTemplateVersionPresets } from '../db/queries/template-version-presets';
import { completeProvisionerJob, getProvisionerJob, type ProvisionerJobRow } from '../db/queries/provisioner-jobs';
import {
  getTemplateVersionByJobId,
  insertTemplateVersionParameters,
  setTemplateVersionExternalAuth,
} from '../db/queries/template-versions';
import { getWorkspaceBuildByJobId, setWorkspaceBuildState, touchWorkspaceBuild } from '../db/queries/workspace-builds';
import { markWorkspaceDeleted } from '../db/queries/workspaces';
import { setStartBuildDeadline } from '../schedules/build-deadline';
import { notifyJobChanged } from './notify';
import { storeResources } from './store-resources';

/** Error thrown at a daemon that acts on a job it does not hold. */
export class JobNotHeldError extends Error {
  override readonly name = 'JobNotHeldError';
}

/** Locks the job and checks that `daemonId` runs it and it has not finished. */
export async function lockHeldJob(q: Queryable, jobId: string, daemonId: string): Promise<ProvisionerJobRow> {
  const job = await getProvisionerJob(q, jobId, true);
  if (!job) throw new JobNotHeldError(`Job ${jobId} does not exist.`);
  if (job.worker_id !== daemonId) throw new JobNotHeldError(`Job ${jobId} is not held by this provisioner daemon.`);
  if (job.completed_at) throw new JobNotHeldError(`Job ${jobId} has already completed${job.error ? `: ${job.error}` : ''}.`);
  return job;
}

/** Stores what a finished job produced and marks it succeeded, in one transaction. */
export async function completeJob(ctx: ServerContext, daemonId: string, done: CompletedJob): Promise<void> {
  // As in Coder, a template may only use the external auth providers this deployment has.
  const unconfigured = done.type.kind === 'template_import' && done.type.externalAuthProviders.find((p) => !ctx.externalAuth.some((c) => c.id === p.id));
  if (unconfigured) return failJob(ctx, daemonId, { jobId: done.jobId, error: `external auth provider "${unconfigured.id}" is not configured` });
  await ctx.db.tx(async (q) => {
    const job = await lockHeldJob(q, done.jobId, daemonId);
    const now = ctx.clock();
    const t = done.type;
    if (t.kind === 'template_import') {
      if (job.type !== 'template_version_import') throw new Error(`Job ${job.id} is a ${job.type} job, not a template import.`);
      const version = await getTemplateVersionByJobId(q, job.id);
      if (!version) throw new Error(`The template version of job ${job.id} no longer exists.`);
      const names = new Set<string>();
      for (const p of t.richParameters) {
        if (names.has(p.name)) throw new Error(`coder_parameter names must be unique but "${p.name}" appears multiple times`);
        names.add(p.name);
      }
      await insertTemplateVersionParameters(q, version.id, t.richParameters);
      await storeResources(q, job.id, 'start', t.startResources, now);
      await storeResources(q, job.id, 'stop', t.stopResources, now);
      await setTemplateVersionExternalAuth(q, version.id, t.externalAuthProviders);
      const presetNames = new Set<string>();
      for (const p of t.presets ?? []) {
        if (presetNames.has(p.name)) throw new Error(`coder_workspace_preset names must be unique but "${p.name}" appears multiple times`);
        presetNames.add(p.name);
      }
      await insertTemplateVersionPresets(q, version.id, t.presets ?? []);
    } else if (t.kind === 'workspace_build') {
      if (job.type !== 'workspace_build') throw new Error(`Job ${job.id} is a ${job.type} job, not a workspace build.`);
      const build = await getWorkspaceBuildByJobId(q, job.id);
      if (!build) throw new Error(`The workspace build of job ${job.id} no longer exists.`);
      await setWorkspaceBuildState(q, build.id, Buffer.from(t.state), now);
      await storeResources(q, job.id, build.transition, t.resources, now);
      await touchWorkspaceBuild(q, build.id, now, t.resources.reduce((sum, r) => sum + r.dailyCost, 0));
      const timings = buildTimings(ctx, job.id, t.timings);
      await insertProvisionerTimings(q, timings.map((m) => ({
        job_id: job.id,
        started_at: new Date(m.start),
        ended_at: new Date(m.end),
        stage: m.stage,
        source: m.source,
        action: m.action,
        resource: m.resource,
      })));
      if (build.transition === 'start') await setStartBuildDeadline(q, build, now);
      if (build.transition === 'delete') await markWorkspaceDeleted(q, build.workspace_id, now);
    } else {
      if (job.type !== 'template_version_dry_run') throw new Error(`Job ${job.id} is a ${job.type} job, not a dry run.`);
      await storeResources(q, job.id, 'start', t.resources, now);
    }
    await completeProvisionerJob(q, { id: job.id, now });
    await notifyJobChanged(q, job.id);
  });
}

/** Records a failure; a build keeps the state terraform left behind so the next build can clean up. */
export async function failJob(ctx: ServerContext, daemonId: string, failed: FailedJob): Promise<void> {
  await ctx.db.tx(async (q) => {
    const job = await lockHeldJob(q, failed.jobId, daemonId);
    const now = ctx.clock();
    if (job.type === 'workspace_build' && failed.state && failed.state.length > 0) {
      const build = await getWorkspaceBuildByJobId(q, job.id);
      if (build) await setWorkspaceBuildState(q, build.id, Buffer.from(failed.state), now);
    }
    await completeProvisionerJob(q, { id: job.id, now, error: failed.error || 'The job failed.', errorCode: failed.errorCode ?? '' });
    await notifyJobChanged(q, job.id);
  });
}

const timingsSchema = z.array(jobTimingSchema).max(10_000);

/**
 * The timings a daemon reported with a build. They come from outside (external daemons): a report
 * that does not validate is dropped with a warning; the build itself still completes.
 */
function buildTimings(ctx: ServerContext, jobId: string, reported: unknown): JobTiming[] {
  if (reported === undefined) return [];
  const parsed = timingsSchema.safeParse(reported);
  if (parsed.success) return parsed.data;
  ctx.log.warn({ job: jobId, problem: parsed.error.issues[0]?.message }, 'dropped build timings that did not validate');
  return [];
}
