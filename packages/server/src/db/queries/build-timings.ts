import type { Queryable } from '../database';

export interface ProvisionerTimingRow {
  job_id: string;
  started_at: Date;
  ended_at: Date;
  stage: 'init' | 'plan' | 'graph' | 'apply';
  source: string;
  action: string;
  resource: string;
}

export async function insertProvisionerTimings(q: Queryable, rows: ProvisionerTimingRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO provisioner_job_timings (job_id, started_at, ended_at, stage, source, action, resource)
     SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[])`,
    [
      rows.map((r) => r.job_id),
      rows.map((r) => r.started_at),
      rows.map((r) => r.ended_at),
      rows.map((r) => r.stage),
      rows.map((r) => r.source),
      rows.map((r) => r.action),
      rows.map((r) => r.resource),
    ],
  );
}

export async function listProvisionerTimings(q: Queryable, jobId: string): Promise<ProvisionerTimingRow[]> {
  const { rows } = await q.query<ProvisionerTimingRow>(
    'SELECT * FROM provisioner_job_timings WHERE job_id = $1 ORDER BY started_at, ended_at',
    [jobId],
  );
  return rows;
}

export interface ScriptTimingRow {
  started_at: Date;
  ended_at: Date;
  exit_code: number;
  stage: 'start' | 'stop' | 'cron';
  status: 'ok' | 'exit_failure' | 'timed_out' | 'pipes_left_open';
  display_name: string;
  workspace_agent_id: string;
  workspace_agent_name: string;
}

/** Records one script run; the same run reported twice is kept once. */
export async function insertScriptTiming(
  q: Queryable,
  t: { scriptId: string; startedAt: Date; endedAt: Date; exitCode: number; stage: string; status: string },
): Promise<void> {
  await q.query(
    `INSERT INTO workspace_agent_script_timings (script_id, started_at, ended_at, exit_code, stage, status)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (script_id, started_at) DO NOTHING`,
    [t.scriptId, t.startedAt, t.endedAt, t.exitCode, t.stage, t.status],
  );
}

/** The script runs of the agents a build's job created. */
export async function listScriptTimingsOfJob(q: Queryable, jobId: string): Promise<ScriptTimingRow[]> {
  const { rows } = await q.query<ScriptTimingRow>(
    `SELECT t.started_at, t.ended_at, t.exit_code, t.stage, t.status, s.display_name,
            a.id AS workspace_agent_id, a.name AS workspace_agent_name
     FROM workspace_agent_script_timings t
     JOIN workspace_agent_scripts s ON s.id = t.script_id
     JOIN workspace_agents a ON a.id = s.workspace_agent_id
     JOIN workspace_resources r ON r.id = a.resource_id
     WHERE r.job_id = $1 ORDER BY t.started_at`,
    [jobId],
  );
  return rows;
}

export interface AgentConnectionRow {
  id: string;
  name: string;
  created_at: Date;
  first_connected_at: Date | null;
}

/** The agents a build's job created, with when each first connected. */
export async function listAgentsOfJob(q: Queryable, jobId: string): Promise<AgentConnectionRow[]> {
  const { rows } = await q.query<AgentConnectionRow>(
    `SELECT a.id, a.name, a.created_at, a.first_connected_at
     FROM workspace_agents a JOIN workspace_resources r ON r.id = a.resource_id
     WHERE r.job_id = $1 ORDER BY a.display_order, a.name`,
    [jobId],
  );
  return rows;
}

export async function isAgentScript(q: Queryable, agentId: string, scriptId: string): Promise<boolean> {
  const { rowCount } = await q.query('SELECT 1 FROM workspace_agent_scripts WHERE id = $1 AND workspace_agent_id = $2', [scriptId, agentId]);
  return (rowCount ?? 0) > 0;
}
