/** What the Prometheus collectors read at each scrape. */
import type { Queryable } from '../database';

export interface BuildCountRow {
  workspace_owner: string;
  workspace_name: string;
  template_name: string;
  template_version: string;
  workspace_transition: string;
  status: string;
  count: number;
}

/** Finished workspace builds, counted by workspace, template version, transition and job status. */
export async function countFinishedBuilds(q: Queryable): Promise<BuildCountRow[]> {
  const { rows } = await q.query<BuildCountRow>(
    `SELECT u.username AS workspace_owner, w.name AS workspace_name, t.name AS template_name, v.name AS template_version,
            b.transition AS workspace_transition, j.job_status AS status, count(*)::int AS count
     FROM workspace_builds b
     JOIN provisioner_jobs j ON j.id = b.job_id
     JOIN workspaces w ON w.id = b.workspace_id
     JOIN users u ON u.id = w.owner_id
     JOIN template_versions v ON v.id = b.template_version_id
     JOIN templates t ON t.id = w.template_id
     WHERE j.completed_at IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5, 6`,
  );
  return rows;
}

export type LatestBuildRow = Omit<BuildCountRow, 'workspace_name'>;

/** Live workspaces by the status of their latest build. */
export async function countLatestBuilds(q: Queryable): Promise<LatestBuildRow[]> {
  const { rows } = await q.query<LatestBuildRow>(
    `SELECT u.username AS workspace_owner, t.name AS template_name, v.name AS template_version,
            b.transition AS workspace_transition, j.job_status AS status, count(*)::int AS count
     FROM workspaces w
     JOIN LATERAL (SELECT * FROM workspace_builds b WHERE b.workspace_id = w.id ORDER BY b.build_number DESC LIMIT 1) b ON true
     JOIN provisioner_jobs j ON j.id = b.job_id
     JOIN users u ON u.id = w.owner_id
     JOIN template_versions v ON v.id = b.template_version_id
     JOIN templates t ON t.id = w.template_id
     WHERE NOT w.deleted
     GROUP BY 1, 2, 3, 4, 5`,
  );
  return rows;
}

/** Provisioner jobs not yet finished, by provisioner and status (pending, running, canceling). */
export async function countOpenJobs(q: Queryable): Promise<Array<{ provisioner: string; status: string; count: number }>> {
  const { rows } = await q.query<{ provisioner: string; status: string; count: number }>(
    `SELECT provisioner, job_status AS status, count(*)::int AS count FROM provisioner_jobs
     WHERE completed_at IS NULL GROUP BY 1, 2`,
  );
  return rows;
}

export interface AgentMetricRow {
  agent_name: string;
  username: string;
  workspace_name: string;
  template_name: string;
  lifecycle_state: string;
  created_at: Date;
  first_connected_at: Date | null;
  last_connected_at: Date | null;
  disconnected_at: Date | null;
  connection_timeout_seconds: number;
  connection_median_latency_ms: number | null;
}

/** The agents of every live workspace's latest build, with the last connection latency they reported. */
export async function listAgentsForMetrics(q: Queryable): Promise<AgentMetricRow[]> {
  const { rows } = await q.query<AgentMetricRow>(
    `SELECT a.name AS agent_name, u.username, w.name AS workspace_name, t.name AS template_name, a.lifecycle_state,
            a.created_at, a.first_connected_at, a.last_connected_at, a.disconnected_at, a.connection_timeout_seconds,
            s.connection_median_latency_ms
     FROM workspaces w
     JOIN LATERAL (SELECT * FROM workspace_builds b WHERE b.workspace_id = w.id ORDER BY b.build_number DESC LIMIT 1) b ON true
     JOIN workspace_resources r ON r.job_id = b.job_id
     JOIN workspace_agents a ON a.resource_id = r.id
     LEFT JOIN workspace_agent_stats s ON s.agent_id = a.id
     JOIN users u ON u.id = w.owner_id
     JOIN templates t ON t.id = w.template_id
     WHERE NOT w.deleted`,
  );
  return rows;
}
