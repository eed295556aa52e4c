import type { Queryable } from '../database';

export interface WorkspaceStatusCounts {
  pending: number;
  building: number;
  running: number;
  failed: number;
  stopped: number;
}

/** Live workspaces by the state of their latest build (Coder's GetDeploymentWorkspaceStats). */
export async function countWorkspacesByBuildState(q: Queryable): Promise<WorkspaceStatusCounts> {
  const { rows } = await q.query<WorkspaceStatusCounts>(
    `SELECT count(*) FILTER (WHERE j.started_at IS NULL AND j.completed_at IS NULL AND j.canceled_at IS NULL)::int AS pending,
            count(*) FILTER (WHERE j.started_at IS NOT NULL AND j.completed_at IS NULL AND j.error = '')::int AS building,
            count(*) FILTER (WHERE j.job_status = 'succeeded' AND lb.transition = 'start')::int AS running,
            count(*) FILTER (WHERE j.job_status IN ('failed', 'canceled'))::int AS failed,
            count(*) FILTER (WHERE j.job_status = 'succeeded' AND lb.transition = 'stop')::int AS stopped
     FROM workspaces w
     JOIN LATERAL (SELECT transition, job_id FROM workspace_builds WHERE workspace_id = w.id ORDER BY build_number DESC LIMIT 1) lb ON true
     JOIN provisioner_jobs j ON j.id = lb.job_id
     WHERE NOT w.deleted`,
  );
  return rows[0]!;
}

export interface AgentStatTotals {
  rx_bytes: number;
  tx_bytes: number;
  latency_p50: number;
  latency_p95: number;
  session_count_vscode: number;
  session_count_ssh: number;
  session_count_jetbrains: number;
  session_count_reconnecting_pty: number;
}

/** Sums of the latest stats agents reported since `since`; latency percentiles over agents that measured one. */
export async function sumAgentStatsSince(q: Queryable, since: Date): Promise<AgentStatTotals> {
  const { rows } = await q.query<AgentStatTotals>(
    `SELECT coalesce(sum(rx_bytes), 0)::bigint AS rx_bytes, coalesce(sum(tx_bytes), 0)::bigint AS tx_bytes,
            coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY connection_median_latency_ms)
                     FILTER (WHERE connection_median_latency_ms > 0), -1)::float8 AS latency_p50,
            coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY connection_median_latency_ms)
                     FILTER (WHERE connection_median_latency_ms > 0), -1)::float8 AS latency_p95,
            coalesce(sum(session_count_vscode), 0)::bigint AS session_count_vscode,
            coalesce(sum(session_count_ssh), 0)::bigint AS session_count_ssh,
            coalesce(sum(session_count_jetbrains), 0)::bigint AS session_count_jetbrains,
            coalesce(sum(session_count_reconnecting_pty), 0)::bigint AS session_count_reconnecting_pty
     FROM workspace_agent_stats WHERE created_at >= $1`,
    [since],
  );
  return rows[0]!;
}
