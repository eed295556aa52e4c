import type { WorkspaceBuild } from '@warren/sdk';
import { attachAgentRuntime } from '../agents/present';
import { attachSubdomainNames } from '../apps/present';
import type { Queryable } from '../db/database';
import type { WorkspaceBuildView } from '../db/queries/workspace-builds';
import { presentResources } from '../jobs/present-resources';
import { presentJobs } from '../jobs/service';
import { toWorkspaceBuild } from './convert';

/** Builds as the API shows them, with their jobs and resources. */
export async function presentBuilds(q: Queryable, rows: WorkspaceBuildView[], now: Date): Promise<WorkspaceBuild[]> {
  if (rows.length === 0) return [];
  const jobIds = rows.map((r) => r.job_id);
  const jobs = await presentJobs(q, jobIds);
  const resources = await presentResources(q, jobIds, now);
  await attachAgentRuntime(q, [...resources.values()].flat(), now);
  for (const r of rows) attachSubdomainNames(resources.get(r.job_id) ?? [], r.workspace_name, r.workspace_owner_name);
  return rows.map((r) => toWorkspaceBuild(r, jobs.get(r.job_id)!, resources.get(r.job_id) ?? []));
}

export async function presentBuild(q: Queryable, row: WorkspaceBuildView, now: Date): Promise<WorkspaceBuild> {
  return (await presentBuilds(q, [row], now))[0]!;
}
