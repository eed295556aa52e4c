import type { Queryable } from '../database';
import { recordTemplateUsage } from './template-usage';
import type { WorkspaceAgentRow } from './workspace-resources';

/** An agent with the build and workspace it belongs to, and that workspace's latest build. */
export interface AgentWithBuild extends WorkspaceAgentRow {
  subsystems: string[];
  job_id: string;
  build_id: string;
  build_number: number;
  workspace_id: string;
  workspace_name: string;
  workspace_deleted: boolean;
  owner_id: string;
  owner_name: string;
  organization_id: string;
  latest_build_number: number;
  latest_transition: 'start' | 'stop' | 'delete';
  latest_job_completed: boolean;
}

const AGENT_WITH_BUILD = `
  SELECT a.*, r.job_id, b.id AS build_id, b.build_number, w.id AS workspace_id, w.name AS workspace_name,
         w.deleted AS workspace_deleted, w.owner_id, u.username AS owner_name, w.organization_id,
         lb.build_number AS latest_build_number, lb.transition AS latest_transition,
         (lj.completed_at IS NOT NULL) AS latest_job_completed
  FROM workspace_agents a
  JOIN workspace_resources r ON r.id = a.resource_id
  JOIN workspace_builds b ON b.job_id = r.job_id
  JOIN workspaces w ON w.id = b.workspace_id
  JOIN users u ON u.id = w.owner_id
  JOIN LATERAL (SELECT build_number, transition, job_id FROM workspace_builds
                WHERE workspace_id = w.id ORDER BY build_number DESC LIMIT 1) lb ON true
  JOIN provisioner_jobs lj ON lj.id = lb.job_id`;

export async function getAgentByToken(q: Queryable, token: string): Promise<AgentWithBuild | undefined> {
  return (await q.query<AgentWithBuild>(`${AGENT_WITH_BUILD} WHERE a.auth_token = $1`, [token])).rows[0];
}

export async function getAgentWithBuild(q: Queryable, id: string): Promise<AgentWithBuild | undefined> {
  return (await q.query<AgentWithBuild>(`${AGENT_WITH_BUILD} WHERE a.id = $1`, [id])).rows[0];
}

export async function updateAgentStartup(
  q: Queryable,
  id: string,
  s: { version: string; expandedDirectory: string; subsystems: string[]; now: Date },
): Promise<void> {
  await q.query(
    'UPDATE workspace_agents SET version = $2, expanded_directory = $3, subsystems = $4, api_version = $5, updated_at = $6 WHERE id = $1',
    [id, s.version, s.expandedDirectory, s.subsystems, '1.0', s.now],
  );
}

export async function updateAgentLifecycle(
  q: Queryable,
  id: string,
  state: string,
  startedAt: Date | null | undefined,
  readyAt: Date | null | undefined,
  now: Date,
): Promise<void> {
  // undefined keeps a column; null clears it.
  await q.query(
    `UPDATE workspace_agents SET lifecycle_state = $2, updated_at = $5,
       started_at = CASE WHEN $6 THEN $3 ELSE started_at END,
       ready_at = CASE WHEN $7 THEN $4 ELSE ready_at END
     WHERE id = $1`,
    [id, state, startedAt ?? null, readyAt ?? null, now, startedAt !== undefined, readyAt !== undefined],
  );
}

/** The control connection opened, or is still alive (heartbeat). */
export async function markAgentConnected(q: Queryable, id: string, now: Date, fresh: boolean): Promise<void> {
  await q.query(
    `UPDATE workspace_agents SET first_connected_at = COALESCE(first_connected_at, $2), last_connected_at = $2,
       disconnected_at = CASE WHEN $3 THEN NULL ELSE disconnected_at END, updated_at = $2
     WHERE id = $1`,
    [id, now, fresh],
  );
}

export async function markAgentDisconnected(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query('UPDATE workspace_agents SET disconnected_at = $2, updated_at = $2 WHERE id = $1', [id, now]);
}

export interface AgentLogRow {
  id: number;
  agent_id: string;
  created_at: Date;
  output: string;
  level: string;
  log_source_id: string;
}

/**
 * Appends logs unless they would take the agent past `limit` bytes of output; answers whether
 * they were stored and whether this call is the one that overflowed (or the first logs).
 */
export async function appendAgentLogs(
  q: Queryable,
  agentId: string,
  sourceId: string,
  logs: Array<{ createdAt: Date; output: string; level: string }>,
  limit: number,
): Promise<{ stored: boolean; first: boolean; overflowedNow: boolean }> {
  const bytes = logs.reduce((n, l) => n + Buffer.byteLength(l.output), 0);
  const { rows } = await q.query<{ logs_length: number; logs_overflowed: boolean }>(
    'SELECT logs_length, logs_overflowed FROM workspace_agents WHERE id = $1 FOR UPDATE',
    [agentId],
  );
  const agent = rows[0];
  if (!agent) return { stored: false, first: false, overflowedNow: false };
  if (agent.logs_overflowed || agent.logs_length + bytes > limit) {
    if (!agent.logs_overflowed) await q.query('UPDATE workspace_agents SET logs_overflowed = true WHERE id = $1', [agentId]);
    return { stored: false, first: false, overflowedNow: !agent.logs_overflowed };
  }
  await q.query(
    `INSERT INTO workspace_agent_logs (agent_id, log_source_id, created_at, output, level)
     SELECT $1, $2, * FROM unnest($3::timestamptz[], $4::text[], $5::text[])`,
    [agentId, sourceId, logs.map((l) => l.createdAt), logs.map((l) => l.output), logs.map((l) => l.level)],
  );
  await q.query('UPDATE workspace_agents SET logs_length = logs_length + $2 WHERE id = $1', [agentId, bytes]);
  return { stored: true, first: agent.logs_length === 0, overflowedNow: false };
}

export async function listAgentLogs(q: Queryable, agentId: string, after: number, limit = 10_000): Promise<AgentLogRow[]> {
  return (await q.query<AgentLogRow>(
    'SELECT * FROM workspace_agent_logs WHERE agent_id = $1 AND id > $2 ORDER BY id LIMIT $3',
    [agentId, after, limit],
  )).rows;
}

/** Inserts a log source, or returns the existing one with that id (of any agent). */
export async function upsertAgentLogSource(
  q: Queryable,
  s: { id: string; agentId: string; displayName: string; icon: string; now: Date },
): Promise<{ id: string; workspace_agent_id: string; created_at: Date; display_name: string; icon: string }> {
  await q.query(
    `INSERT INTO workspace_agent_log_sources (id, workspace_agent_id, created_at, display_name, icon) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO NOTHING`,
    [s.id, s.agentId, s.now, s.displayName, s.icon],
  );
  return (await q.query<{ id: string; workspace_agent_id: string; created_at: Date; display_name: string; icon: string }>(
    'SELECT * FROM workspace_agent_log_sources WHERE id = $1',
    [s.id],
  )).rows[0]!;
}

export async function upsertAgentStats(
  q: Queryable,
  s: { agentId: string; workspaceId: string; now: Date; payload: Record<string, unknown>; num: (k: string) => number },
): Promise<void> {
  const { num } = s;
  await q.query(
    `INSERT INTO workspace_agent_stats (agent_id, workspace_id, created_at, connection_count, rx_bytes, tx_bytes, session_count_vscode,
       session_count_jetbrains, session_count_reconnecting_pty, session_count_ssh, connection_median_latency_ms, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (agent_id) DO UPDATE SET created_at = $3, connection_count = $4, rx_bytes = $5, tx_bytes = $6,
       session_count_vscode = $7, session_count_jetbrains = $8, session_count_reconnecting_pty = $9, session_count_ssh = $10,
       connection_median_latency_ms = $11, payload = $12`,
    [
      s.agentId, s.workspaceId, s.now, num('connection_count'), num('rx_bytes'), num('tx_bytes'), num('session_count_vscode'),
      num('session_count_jetbrains'), num('session_count_reconnecting_pty'), num('session_count_ssh'),
      num('connection_median_latency_ms'), JSON.stringify(s.payload),
    ],
  );
}

export async function getAgentStats(q: Queryable, agentId: string): Promise<Record<string, unknown> | undefined> {
  return (await q.query('SELECT * FROM workspace_agent_stats WHERE agent_id = $1', [agentId])).rows[0];
}

/** Marks the workspace used now, and its template used by its owner this hour (for daily active users). */
export async function bumpWorkspaceLastUsed(q: Queryable, workspaceId: string, now: Date): Promise<void> {
  await q.query('UPDATE workspaces SET last_used_at = GREATEST(last_used_at, $2) WHERE id = $1', [workspaceId, now]);
  await recordTemplateUsage(q, workspaceId, now);
}

export interface AgentMetadataRow {
  workspace_agent_id: string;
  key: string;
  display_name: string;
  script: string;
  interval_seconds: number;
  timeout_seconds: number;
  value: string | null;
  error: string | null;
  collected_at: Date | null;
}

/** Each metadata description of the agents with its latest result, in display order. */
export async function listAgentMetadata(q: Queryable, agentIds: string[]): Promise<AgentMetadataRow[]> {
  return (await q.query<AgentMetadataRow>(
    `SELECT d.workspace_agent_id, d.key, d.display_name, d.script, d.interval_seconds, d.timeout_seconds,
            m.value, m.error, m.collected_at
     FROM workspace_agent_metadata_descriptions d
     LEFT JOIN workspace_agent_metadata_results m ON m.workspace_agent_id = d.workspace_agent_id AND m.key = d.key
     WHERE d.workspace_agent_id = ANY ($1::uuid[])
     ORDER BY d.display_order, d.key`,
    [agentIds],
  )).rows;
}

/** Stores results for keys the template describes; answers how many were stored. */
export async function upsertAgentMetadata(
  q: Queryable,
  agentId: string,
  items: Array<{ key: string; value: string; error: string; collectedAt: Date }>,
): Promise<number> {
  if (items.length === 0) return 0;
  const { rowCount } = await q.query(
    `INSERT INTO workspace_agent_metadata_results (workspace_agent_id, key, value, error, collected_at)
     SELECT $1, i.key, i.value, i.error, i.collected_at
     FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS i(key, value, error, collected_at)
     JOIN workspace_agent_metadata_descriptions d ON d.workspace_agent_id = $1 AND d.key = i.key
     ON CONFLICT (workspace_agent_id, key) DO UPDATE SET value = EXCLUDED.value, error = EXCLUDED.error, collected_at = EXCLUDED.collected_at`,
    [agentId, items.map((i) => i.key), items.map((i) => i.value), items.map((i) => i.error), items.map((i) => i.collectedAt)],
  );
  return rowCount ?? 0;
}

export async function listAgentApps(q: Queryable, agentId: string): Promise<Array<{ id: string; health: string; healthcheck_url: string }>> {
  return (await q.query<{ id: string; health: string; healthcheck_url: string }>(
    'SELECT id, health, healthcheck_url FROM workspace_apps WHERE agent_id = $1',
    [agentId],
  )).rows;
}

export async function updateAppHealth(q: Queryable, appId: string, health: string): Promise<void> {
  await q.query('UPDATE workspace_apps SET health = $2 WHERE id = $1', [appId, health]);
}
