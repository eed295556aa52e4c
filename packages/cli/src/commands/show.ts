/**
 * `warren show WORKSPACE`: the workspace's resources and agents as Coder draws them — a light box
 * table with each agent under its resource, its status, health, version, how to reach it, and
 * the ports it listens on.
 */
import type { ListeningPort, Workspace, WorkspaceAgent, WorkspaceResource } from '@warren/sdk';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { resolveWorkspace } from './common';
import { selfName } from '../self';

type Row = string[];
const SEPARATOR = null;

/** Renders rows in go-pretty's light style without column separators, as Coder's CLI does. */
export function boxTable(header: string[], rows: Array<Row | typeof SEPARATOR>): string {
  const all = [header, ...rows.filter((r): r is Row => r !== SEPARATOR)];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const inner = widths.reduce((n, w) => n + w + 2, 0);
  const line = (l: string, r: string) => `${l}${'─'.repeat(inner)}${r}`;
  const cells = (r: Row) => `│${widths.map((w, i) => ` ${(r[i] ?? '').padEnd(w)} `).join('')}│`;
  const out = [line('┌', '┐'), cells(header.map((h) => h.toUpperCase())), line('├', '┤')];
  rows.forEach((r, i) => {
    if (r === SEPARATOR) {
      if (i > 0 && i < rows.length - 1 && rows[i - 1] !== SEPARATOR) out.push(line('├', '┤'));
    } else {
      out.push(cells(r));
    }
  });
  out.push(line('└', '┘'));
  return out.join('\n') + '\n';
}

const pipe = (i: number, n: number) => (i === n - 1 ? '└' : '├');
const secondsSince = (iso: string | undefined, now: number) => (iso ? Math.max(0, Math.floor((now - Date.parse(iso)) / 1000)) : 0);

function agentStatus(a: WorkspaceAgent, now: number): string {
  switch (a.status) {
    case 'connected':
      return '⦿ connected';
    case 'connecting':
      return `⦾ connecting [${secondsSince(a.created_at, now)}s]`;
    case 'disconnected':
      return `⦾ disconnected [${secondsSince(a.disconnected_at, now)}s]`;
    case 'timeout':
      return `⦾ timeout [${secondsSince(a.created_at, now)}s]`;
    default:
      return '○ unknown';
  }
}

/** `v1.2.3[-pre][+build]` → comparable parts, or undefined when not a version. */
function semver(v: string): [number, number, number, string] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] ?? ''] : undefined;
}

export function agentVersion(agent: string, server: string): string {
  const shown = agent || '(unknown)';
  const a = semver(agent);
  const s = semver(server);
  if (!a || !s) return shown;
  for (let i = 0; i < 3; i++) if (a[i] !== s[i]) return (a[i] as number) < (s[i] as number) ? `${shown} (outdated)` : shown;
  // A pre-release sorts before its release.
  const outdated = a[3] !== s[3] && (a[3] !== '' && (s[3] === '' || a[3] < s[3]));
  return outdated ? `${shown} (outdated)` : shown;
}

export function workspaceResourcesTable(
  workspace: Workspace,
  serverVersion: string,
  ports: Map<string, ListeningPort[]>,
  now = Date.now(),
): string {
  const resources = [...workspace.latest_build.resources].filter((r) => r.type !== 'random_string').sort((a, b) => a.type.localeCompare(b.type));
  const totalAgents = resources.reduce((n, r) => n + (r.agents?.length ?? 0), 0);
  const rows: Array<Row | typeof SEPARATOR> = [];
  for (const resource of resources as WorkspaceResource[]) {
    rows.push([`${resource.type}.${resource.name}`, '', '', '', '']);
    const agents = [...(resource.agents ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    agents.forEach((agent, i) => {
      const ssh = `${selfName()} ssh ${workspace.name}${totalAgents > 1 ? `.${agent.name}` : ''}`;
      rows.push([
        `${pipe(i, totalAgents)}─ ${agent.name} (${agent.operating_system}, ${agent.architecture})`,
        agentStatus(agent, now),
        agent.health.healthy ? '✔ healthy' : `✘ ${agent.health.reason ?? 'unhealthy'}`,
        agentVersion(agent.version, serverVersion),
        ssh,
      ]);
      const open = [...(ports.get(agent.id) ?? [])].sort((a, b) => a.port - b.port);
      if (open.length) {
        rows.push([`   ${pipe(i, totalAgents)}─ Open Ports`]);
        open.forEach((p, j) => rows.push([`      ${pipe(j, open.length)}─ ${String(p.port).padStart(5)}/${p.network}${p.process_name ? ` [${p.process_name}]` : ''}`]));
      }
    });
    rows.push(SEPARATOR);
  }
  return boxTable(['Resource', 'Status', 'Health', 'Version', 'Access'], rows);
}

export function registerShow(program: Command, ctx: CommandContext): void {
  program
    .command('show')
    .description("Display details of a workspace's resources and agents")
    .argument('<workspace>', 'name or owner/name')
    .option('-o, --output <format>', 'table or json', 'table')
    .action(async (ref: string, flags: { output: string }) => {
      if (!['table', 'json'].includes(flags.output)) throw new CliError(`Unknown output format "${flags.output}": use "table" or "json".`);
      const client = await ctx.client();
      const [buildInfo, workspace] = await Promise.all([client.buildInfo(), resolveWorkspace(client, ref)]);
      if (flags.output === 'json') return ctx.print(JSON.stringify(workspace, null, 2));
      const ports = new Map<string, ListeningPort[]>();
      if (workspace.latest_build.status === 'running') {
        const agents = workspace.latest_build.resources.flatMap((r) => r.agents ?? []);
        await Promise.all(
          agents.map(async (agent) => {
            try {
              const res = await client.request<{ ports: ListeningPort[] }>('GET', `/api/v2/workspaceagents/${agent.id}/listening-ports`);
              ports.set(agent.id, res.ports);
            } catch (err) {
              ctx.io.stderr.write(`Failed to get listening ports for agent ${agent.name}: ${(err as Error).message}\n`);
            }
          }),
        );
      }
      ctx.io.stdout.write(workspaceResourcesTable(workspace, buildInfo.version, ports));
    });
}
