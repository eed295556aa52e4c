/**
 * What `warren support bundle` gathers, under the file names of Coder's support bundle: the
 * deployment (build info, config with secrets withheld, health report and settings, stats,
 * entitlements, experiments), the workspace (its builds and the latest build's logs, template,
 * version, parameters), its agent (environment values redacted, logs, listening ports) and the
 * network path (netcheck, connection info). A part that cannot be read is noted in cli_logs.txt
 * and the rest is still written. The session token is scrubbed from every file.
 */
import type { Client, DeploymentConfig, ProvisionerJobLog, Workspace, WorkspaceAgent } from '@warren/sdk';
import { strToU8, zipSync } from 'fflate';
import { netcheck } from './commands/netcheck';

export const REDACTED = '***REDACTED***';

export interface BundleInput {
  client: Client;
  workspace: Workspace;
  /** The agent to describe; the workspace's first when not named. */
  agentName?: string;
  now?: Date;
}

export interface Bundle {
  files: Record<string, string>;
  /** One line per step, errors included (also written as cli_logs.txt). */
  log: string[];
}

/** The deployment config without any secret option's value (the server already withholds them; this is the second lock). */
export function redactConfig(config: DeploymentConfig): DeploymentConfig {
  const copy = structuredClone(config) as DeploymentConfig & { options?: Array<Record<string, unknown>> };
  for (const option of copy.options ?? []) {
    const annotations = (option.annotations ?? {}) as Record<string, string>;
    if (annotations.secret === 'true' && option.value !== null && option.value !== undefined) option.value = REDACTED;
  }
  return copy;
}

/** An agent with every environment value replaced, as Coder's bundle writes it. */
export function redactAgent(agent: WorkspaceAgent): WorkspaceAgent {
  const env = Object.fromEntries(Object.keys(agent.environment_variables ?? {}).map((k) => [k, REDACTED]));
  return { ...agent, environment_variables: env };
}

/** Build logs as Coder's build_logs.txt: `[time] [level] [source] [stage] output`. */
export function formatBuildLogs(logs: ProvisionerJobLog[]): string {
  return logs.map((l) => `[${l.created_at}] [${l.log_level}] [${l.log_source}] [${l.stage}] ${l.output}\n`).join('');
}

const json = (v: unknown) => `${JSON.stringify(v, null, 4)}\n`;

export async function gatherBundle(input: BundleInput): Promise<Bundle> {
  const { client, workspace } = input;
  const files: Record<string, string> = {};
  const log: string[] = [];
  const stamp = () => new Date().toISOString();
  const step = async (name: string, fn: () => Promise<string | undefined>) => {
    try {
      const text = await fn();
      if (text !== undefined) files[name] = text;
      log.push(`${stamp()} [info] wrote ${name}`);
    } catch (err) {
      log.push(`${stamp()} [warn] could not gather ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  await step('deployment/buildinfo.json', async () => json(await client.buildInfo()));
  await step('deployment/config.json', async () => json(redactConfig(await client.deploymentConfig())));
  await step('deployment/experiments.json', async () => json(await client.experiments()));
  await step('deployment/entitlements.json', async () => json(await client.entitlements()));
  await step('deployment/health.json', async () => json(await client.debugHealth()));
  await step('deployment/health_settings.json', async () => json(await client.healthSettings()));
  await step('deployment/stats.json', async () => json(await client.deploymentStats()));
  await step('deployment/workspaces.json', async () => json(await client.workspaces()));

  await step('workspace/workspace.json', async () => json(workspace));
  await step('workspace/builds.json', async () => json(await client.workspaceBuilds(workspace.id, { limit: 25 })));
  await step('workspace/build_logs.txt', async () => formatBuildLogs(await client.workspaceBuildLogs(workspace.latest_build.id)));
  await step('workspace/template.json', async () => json(await client.template(workspace.template_id)));
  await step('workspace/template_version.json', async () => json(await client.templateVersion(workspace.latest_build.template_version_id)));
  await step('workspace/parameters.json', async () => json(await client.workspaceBuildParameters(workspace.latest_build.id)));

  const agents = workspace.latest_build.resources.flatMap((r) => r.agents ?? []);
  const agent = input.agentName ? agents.find((a) => a.name === input.agentName) : agents[0];
  if (!agent) {
    log.push(`${stamp()} [warn] ${input.agentName ? `the workspace has no agent named "${input.agentName}"` : 'the workspace has no agent'}: no agent files`);
  } else {
    await step('agent/agent.json', async () => json(redactAgent(await client.request<WorkspaceAgent>('GET', `/api/v2/workspaceagents/${agent.id}`))));
    await step('agent/logs.txt', async () => {
      const logs = await client.request<Array<{ created_at: string; level: string; output: string }>>('GET', `/api/v2/workspaceagents/${agent.id}/logs`);
      return logs.map((l) => `[${l.created_at}] [${l.level}] ${l.output}\n`).join('');
    });
    if (agent.status === 'connected') {
      await step('agent/listening_ports.json', async () => json(await client.request('GET', `/api/v2/workspaceagents/${agent.id}/listening-ports`)));
    }
    await step('network/connection_info.json', async () =>
      json({
        // Warren has no DERP mesh: clients reach agents through the server over WebSockets.
        transport: 'websocket-relay',
        access_url: client.url.toString(),
        agent_id: agent.id,
        agent_status: agent.status,
        agent_version: agent.version,
        agent_api_version: agent.api_version,
        first_connected_at: agent.first_connected_at ?? null,
        last_connected_at: agent.last_connected_at ?? null,
        disconnected_at: agent.disconnected_at ?? null,
      }),
    );
  }
  await step('network/netcheck.json', async () => json(await netcheck(client)));

  const build = files['deployment/buildinfo.json'] ? (JSON.parse(files['deployment/buildinfo.json']) as { version?: string }).version : undefined;
  files['README.md'] = [
    '# Warren support bundle',
    '',
    `Gathered ${(input.now ?? new Date()).toISOString()} from ${client.url} (server ${build ?? 'version unknown'}) for workspace ${workspace.owner_name}/${workspace.name}${agent ? `, agent ${agent.name}` : ''}.`,
    'Secrets are withheld: secret options of the deployment config, agent environment values and the session token.',
    'The file layout follows the support bundle of Coder; cli_logs.txt lists what could not be gathered.',
    '',
  ].join('\n');
  files['cli_logs.txt'] = `${log.join('\n')}\n`;

  const token = client.sessionToken;
  if (token) for (const name of Object.keys(files)) files[name] = files[name]!.split(token).join(REDACTED);
  return { files, log };
}

/** The bundle as zip bytes. */
export function zipBundle(bundle: Bundle, now = new Date()): Uint8Array {
  const mtime = now;
  return zipSync(Object.fromEntries(Object.entries(bundle.files).map(([name, text]) => [name, [strToU8(text), { mtime }]])), { level: 6 });
}
