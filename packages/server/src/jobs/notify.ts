import type { Queryable } from '../db/database';
import { channels, publish, publishWorkspaceChange } from '../db/pubsub';

/**
 * Tells watchers that a job changed state: log followers of the job, and watchers of the
 * workspace whose build it runs. Inside a transaction the messages go out at commit.
 */
export async function notifyJobChanged(q: Queryable, jobId: string): Promise<void> {
  await publish(q, channels.jobLogs(jobId), 'state');
  const { rows } = await q.query<{ workspace_id: string }>('SELECT workspace_id FROM workspace_builds WHERE job_id = $1', [jobId]);
  for (const row of rows) await publishWorkspaceChange(q, row.workspace_id);
}

/** Wakes daemons waiting for work in the job's organization. */
export async function notifyJobPosted(q: Queryable, job: { organization_id: string; tags: Record<string, string> }): Promise<void> {
  await publish(q, channels.jobPosted, JSON.stringify({ organization_id: job.organization_id, tags: job.tags }));
}
