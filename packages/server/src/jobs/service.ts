import type { ProvisionerJob, ProvisionerJobLog } from '@warren/sdk';
import type { ServerContext } from '../context';
import type { Queryable } from '../db/database';
import { listJobLogsAfter } from '../db/queries/provisioner-job-logs';
import { cancelProvisionerJob, getProvisionerJob, getProvisionerJobsWithQueue, type ProvisionerJobRow } from '../db/queries/provisioner-jobs';
import { badRequest, notFound } from '../http/errors';
import { toJobLog, toProvisionerJob } from './convert';
import { notifyJobChanged } from './notify';

/** Jobs as the API shows them, keyed by id. */
export async function presentJobs(q: Queryable, ids: string[]): Promise<Map<string, ProvisionerJob>> {
  const rows = await getProvisionerJobsWithQueue(q, ids);
  return new Map(rows.map((r) => [r.id, toProvisionerJob(r)]));
}

export async function presentJob(q: Queryable, id: string): Promise<ProvisionerJob> {
  const job = (await presentJobs(q, [id])).get(id);
  if (!job) throw notFound();
  return job;
}

export async function requireJob(q: Queryable, id: string): Promise<ProvisionerJobRow> {
  const job = await getProvisionerJob(q, id);
  if (!job) throw notFound();
  return job;
}

/** Cancels a job not yet finished; a pending job ends at once, a running one when its daemon stops. */
export async function cancelJob(ctx: ServerContext, jobId: string): Promise<{ message: string }> {
  return ctx.db.tx(async (q) => {
    const job = await getProvisionerJob(q, jobId, true);
    if (!job) throw notFound();
    if (job.completed_at) throw badRequest('Job has already completed!');
    if (job.canceled_at) throw badRequest('Job has already been marked as canceled!');
    await cancelProvisionerJob(q, job.id, ctx.clock());
    await notifyJobChanged(q, job.id);
    return { message: 'Job has been marked as canceled...' };
  });
}

export async function jobLogsAfter(q: Queryable, jobId: string, after: number): Promise<ProvisionerJobLog[]> {
  return (await listJobLogsAfter(q, jobId, after)).map(toJobLog);
}
