import type { WorkspaceAgent, WorkspaceResource } from '@warren/sdk';
import type { Queryable } from '../db/database';
import { listAgentMetadata, type AgentMetadataRow, type AgentWithBuild } from '../db/queries/workspace-agents';
import { attachSubdomainNames } from '../apps/present';
import { presentResources } from '../jobs/present-resources';
import { iso } from '../users/convert';

/** One item of `GET /workspaceagents/{id}/watch-metadata` (Coder's WorkspaceAgentMetadata). */
export interface AgentMetadataItem {
  description: { display_name: string; key: string; script: string; interval: number; timeout: number };
  result: { collected_at: string; age: number; value: string; error: string };
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

export function toMetadataItem(m: AgentMetadataRow, now: Date): AgentMetadataItem {
  return {
    description: { display_name: m.display_name, key: m.key, script: m.script, interval: m.interval_seconds, timeout: m.timeout_seconds },
    result: {
      collected_at: m.collected_at ? iso(m.collected_at) : ZERO_TIME,
      age: m.collected_at ? Math.max(0, Math.round((now.getTime() - m.collected_at.getTime()) / 1000)) : 0,
      value: m.value ?? '',
      error: m.error ?? '',
    },
  };
}

export async function agentMetadata(q: Queryable, agentId: string, now: Date): Promise<AgentMetadataItem[]> {
  return (await listAgentMetadata(q, [agentId])).map((m) => toMetadataItem(m, now));
}

/** Adds what running agents reported to presented resources: subsystems, and the latest metadata (`metadata`, Warren's addition). */
export async function attachAgentRuntime(q: Queryable, resources: WorkspaceResource[], now: Date): Promise<void> {
  const agents = resources.flatMap((r) => r.agents ?? []);
  if (agents.length === 0) return;
  const ids = agents.map((a) => a.id);
  const rows = await listAgentMetadata(q, ids);
  const subsystems = new Map((await q.query<{ id: string; subsystems: string[] }>('SELECT id, subsystems FROM workspace_agents WHERE id = ANY ($1::uuid[])', [ids])).rows.map((r) => [r.id, r.subsystems]));
  for (const a of agents) {
    a.subsystems = subsystems.get(a.id) ?? [];
    (a as WorkspaceAgent & { metadata?: AgentMetadataItem[] }).metadata = rows.filter((m) => m.workspace_agent_id === a.id).map((m) => toMetadataItem(m, now));
  }
}

/** The agent as `GET /workspaceagents/{id}` shows it. */
export async function presentAgent(q: Queryable, agent: AgentWithBuild, now: Date): Promise<WorkspaceAgent> {
  const resources = (await presentResources(q, [agent.job_id], now)).get(agent.job_id) ?? [];
  await attachAgentRuntime(q, resources, now);
  attachSubdomainNames(resources, agent.workspace_name, agent.owner_name);
  const found = resources.flatMap((r) => r.agents ?? []).find((a) => a.id === agent.id);
  if (!found) throw new Error(`agent ${agent.id} is missing from its resources`);
  return found;
}

/** Coder's agent manifest (`GET /workspaceagents/me/manifest`). */
export async function agentManifest(q: Queryable, agent: AgentWithBuild, now: Date) {
  const presented = await presentAgent(q, agent, now);
  const metadata = await listAgentMetadata(q, [agent.id]);
  return {
    agent_id: agent.id,
    agent_name: agent.name,
    owner_name: agent.owner_name,
    workspace_id: agent.workspace_id,
    workspace_name: agent.workspace_name,
    git_auth_configs: 0,
    vscode_port_proxy_uri: '',
    apps: presented.apps,
    derpmap: { Regions: {} },
    derp_force_websockets: false,
    environment_variables: agent.environment_variables,
    directory: agent.directory,
    motd_file: agent.motd_file,
    disable_direct_connections: true,
    metadata: metadata.map((m) => ({ display_name: m.display_name, key: m.key, script: m.script, interval: m.interval_seconds, timeout: m.timeout_seconds })),
    scripts: presented.scripts,
  };
}
