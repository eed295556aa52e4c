import type { Queryable } from '../database';
import type { WorkspaceAgentRow, WorkspaceAppRow } from './workspace-resources';

/** A live workspace found by its owner's name and its own, with what the app proxy needs of its latest build. */
export interface AppWorkspaceRow {
  id: string;
  name: string;
  owner_id: string;
  owner_name: string;
  organization_id: string;
  max_port_share_level: string;
  latest_job_id: string;
  latest_transition: 'start' | 'stop' | 'delete';
  latest_job_status: string;
}

export async function getAppWorkspace(q: Queryable, username: string, workspaceName: string): Promise<AppWorkspaceRow | undefined> {
  const { rows } = await q.query<AppWorkspaceRow>(
    `SELECT w.id, w.name, w.owner_id, u.username AS owner_name, w.organization_id, t.max_port_share_level,
            lb.job_id AS latest_job_id, lb.transition AS latest_transition, j.job_status AS latest_job_status
     FROM users u
     JOIN workspaces w ON w.owner_id = u.id AND NOT w.deleted AND lower(w.name) = lower($2)
     JOIN templates t ON t.id = w.template_id
     JOIN LATERAL (SELECT job_id, transition FROM workspace_builds WHERE workspace_id = w.id ORDER BY build_number DESC LIMIT 1) lb ON true
     JOIN provisioner_jobs j ON j.id = lb.job_id
     WHERE lower(u.username) = lower($1) AND NOT u.deleted`,
    [username, workspaceName],
  );
  return rows[0];
}

export async function listAgentsOfJob(q: Queryable, jobId: string): Promise<WorkspaceAgentRow[]> {
  const { rows } = await q.query<WorkspaceAgentRow>(
    `SELECT a.* FROM workspace_agents a JOIN workspace_resources r ON r.id = a.resource_id
     WHERE r.job_id = $1 ORDER BY a.display_order, a.name`,
    [jobId],
  );
  return rows;
}

export async function getAgentApp(q: Queryable, agentId: string, slug: string): Promise<WorkspaceAppRow | undefined> {
  const { rows } = await q.query<WorkspaceAppRow>('SELECT * FROM workspace_apps WHERE agent_id = $1 AND lower(slug) = lower($2)', [agentId, slug]);
  return rows[0];
}

export interface PortShareRow {
  workspace_id: string;
  agent_name: string;
  port: number;
  share_level: string;
  protocol: 'http' | 'https';
}

export async function listPortShares(q: Queryable, workspaceId: string): Promise<PortShareRow[]> {
  const { rows } = await q.query<PortShareRow>('SELECT * FROM workspace_agent_port_shares WHERE workspace_id = $1 ORDER BY agent_name, port', [workspaceId]);
  return rows;
}

export async function getPortShare(q: Queryable, workspaceId: string, agentName: string, port: number): Promise<PortShareRow | undefined> {
  const { rows } = await q.query<PortShareRow>(
    'SELECT * FROM workspace_agent_port_shares WHERE workspace_id = $1 AND lower(agent_name) = lower($2) AND port = $3',
    [workspaceId, agentName, port],
  );
  return rows[0];
}

export async function upsertPortShare(q: Queryable, s: PortShareRow): Promise<PortShareRow> {
  const { rows } = await q.query<PortShareRow>(
    `INSERT INTO workspace_agent_port_shares (workspace_id, agent_name, port, share_level, protocol) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (workspace_id, agent_name, port) DO UPDATE SET share_level = EXCLUDED.share_level, protocol = EXCLUDED.protocol
     RETURNING *`,
    [s.workspace_id, s.agent_name, s.port, s.share_level, s.protocol],
  );
  return rows[0]!;
}

export async function deletePortShare(q: Queryable, workspaceId: string, agentName: string, port: number): Promise<boolean> {
  const r = await q.query('DELETE FROM workspace_agent_port_shares WHERE workspace_id = $1 AND agent_name = $2 AND port = $3', [workspaceId, agentName, port]);
  return (r.rowCount ?? 0) > 0;
}
