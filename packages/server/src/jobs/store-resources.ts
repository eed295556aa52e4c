import { randomUUID } from 'node:crypto';
import type { Agent, App, Resource } from '@warren/sdk';
import type { Queryable } from '../db/database';
import * as res from '../db/queries/workspace-resources';

// Indexed by proto AppSharingLevel.
const SHARING_LEVELS = ['owner', 'authenticated', 'public', 'organization'] as const;

function displayApps(agent: Agent): string[] {
  const d = agent.displayApps;
  const out: string[] = [];
  if (d.vscode) out.push('vscode');
  if (d.vscodeInsiders) out.push('vscode_insiders');
  if (d.webTerminal) out.push('web_terminal');
  if (d.sshHelper) out.push('ssh_helper');
  if (d.portForwardingHelper) out.push('port_forwarding_helper');
  return out;
}

function isUuid(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}

async function insertApp(q: Queryable, agentId: string, app: App, now: Date): Promise<void> {
  await res.insertWorkspaceApp(q, {
    id: randomUUID(),
    created_at: now,
    agent_id: agentId,
    slug: app.slug,
    display_name: app.displayName,
    icon: app.icon,
    command: app.command || null,
    url: app.url || null,
    external: app.external,
    subdomain: app.subdomain,
    sharing_level: SHARING_LEVELS[app.sharingLevel] ?? 'owner',
    healthcheck_url: app.healthcheck?.url ?? '',
    healthcheck_interval: app.healthcheck?.interval ?? 0,
    healthcheck_threshold: app.healthcheck?.threshold ?? 0,
    health: app.healthcheck?.url ? 'initializing' : 'disabled',
    display_order: app.order,
    hidden: app.hidden,
    open_in: app.openIn === 2 ? 'tab' : 'slim-window',
    display_group: app.group ?? '',
  });
}

async function insertAgent(q: Queryable, resourceId: string, agent: Agent, now: Date): Promise<void> {
  const id = randomUUID();
  const token = agent.auth.kind === 'token' && isUuid(agent.auth.token) ? agent.auth.token.toLowerCase() : randomUUID();
  await res.insertWorkspaceAgent(q, {
    id,
    created_at: now,
    resource_id: resourceId,
    name: agent.name,
    auth_token: token,
    auth_instance_id: agent.auth.kind === 'instance' ? agent.auth.instanceId : null,
    architecture: agent.architecture,
    operating_system: agent.operatingSystem,
    environment_variables: agent.env,
    directory: agent.directory,
    connection_timeout_seconds: agent.connectionTimeoutSeconds,
    troubleshooting_url: agent.troubleshootingUrl,
    motd_file: agent.motdFile,
    display_apps: displayApps(agent),
    api_key_scope: agent.apiKeyScope || 'all',
    display_order: agent.order,
  });
  for (const m of agent.metadata) {
    await res.insertAgentMetadataDescription(q, {
      agentId: id, key: m.key, displayName: m.displayName, script: m.script, interval: m.interval, timeout: m.timeout, order: m.order,
    });
  }
  for (const app of agent.apps) await insertApp(q, id, app, now);
  for (const script of agent.scripts) {
    const logSourceId = randomUUID();
    await res.insertAgentLogSource(q, { id: logSourceId, workspace_agent_id: id, created_at: now, display_name: script.displayName, icon: script.icon });
    await res.insertAgentScript(q, {
      id: randomUUID(),
      workspace_agent_id: id,
      log_source_id: logSourceId,
      created_at: now,
      display_name: script.displayName,
      log_path: script.logPath,
      script: script.script,
      cron: script.cron,
      start_blocks_login: script.startBlocksLogin,
      run_on_start: script.runOnStart,
      run_on_stop: script.runOnStop,
      timeout_seconds: script.timeoutSeconds,
    });
  }
}

/** Stores the resources a job reported (with agents, apps, scripts and metadata) for one transition. */
export async function storeResources(
  q: Queryable,
  jobId: string,
  transition: 'start' | 'stop' | 'delete',
  resources: Resource[],
  now: Date,
): Promise<void> {
  for (const r of resources) {
    const id = randomUUID();
    await res.insertWorkspaceResource(q, {
      id,
      created_at: now,
      job_id: jobId,
      transition,
      type: r.type,
      name: r.name,
      hide: r.hide,
      icon: r.icon,
      instance_type: r.instanceType,
      daily_cost: r.dailyCost,
      module_path: r.modulePath,
    });
    await res.insertResourceMetadata(
      q,
      id,
      r.metadata.map((m) => ({ key: m.key, value: m.isNull ? null : m.value, sensitive: m.sensitive })),
    );
    for (const agent of r.agents) await insertAgent(q, id, agent, now);
  }
}
