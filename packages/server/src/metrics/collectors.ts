/**
 * Metrics read from the database at each scrape, as coderd's prometheusmetrics package reports
 * them: workspace builds, provisioner jobs, agents and their connection latency; and the latency
 * of every query the server sends, by a short name (`SELECT workspace_agents`).
 */
import { Counter, Gauge } from 'prom-client';
import type { ServerContext } from '../context';
import { countFinishedBuilds, countLatestBuilds, countOpenJobs, listAgentsForMetrics } from '../db/queries/metrics';
import { agentStatus } from '../jobs/present-resources';
import type { ServerMetrics } from './metrics';

const MAX_QUERY_NAMES = 2_000;

/** `SELECT ... FROM workspace_agents a JOIN ...` → `SELECT workspace_agents`: few series, one per statement kind and table. */
export function queryName(text: string): string {
  const sql = text.replace(/--[^\n]*/g, ' ').replace(/\s+/g, ' ').trim();
  const verb = (/^\w+/.exec(sql)?.[0] ?? 'QUERY').toUpperCase();
  const table = /\b(?:FROM|INTO|UPDATE|TABLE)\s+("?[a-z_][\w.]*"?)/i.exec(verb === 'WITH' ? sql.replace(/^WITH .*?\)\s*(?=SELECT|INSERT|UPDATE|DELETE)/i, '') : sql)?.[1];
  return table && !/^(BEGIN|COMMIT|ROLLBACK)$/.test(verb) ? `${verb} ${table.replace(/"/g, '')}` : verb;
}

/** Registers the database-backed metrics on `ctx.metrics` and times `ctx.db`'s queries. */
export function installDatabaseMetrics(ctx: ServerContext): void {
  const metrics: ServerMetrics | undefined = ctx.metrics;
  if (!metrics) return;
  const registers = [metrics.registry];
  const names = new Map<string, string>();
  ctx.db.onQuery = (text, seconds) => {
    let name = names.get(text);
    if (name === undefined) {
      name = queryName(text);
      if (names.size < MAX_QUERY_NAMES) names.set(text, name);
    }
    metrics.dbQueryLatency.observe({ query: name }, seconds);
  };

  new Counter({
    name: 'coderd_workspace_builds_total',
    help: 'The number of workspace builds executed.',
    labelNames: ['workspace_owner', 'workspace_name', 'template_name', 'template_version', 'workspace_transition', 'status'],
    registers,
    async collect() {
      this.reset();
      for (const { count, ...labels } of await countFinishedBuilds(ctx.db)) this.inc({ ...labels, status: labels.status === 'succeeded' ? 'success' : labels.status }, count);
    },
  });
  new Gauge({
    name: 'coderd_workspace_latest_build_status',
    help: 'The current workspace distribution by status of their latest build.',
    labelNames: ['status', 'template_name', 'template_version', 'workspace_owner', 'workspace_transition'],
    registers,
    async collect() {
      this.reset();
      for (const { count, ...labels } of await countLatestBuilds(ctx.db)) this.set(labels, count);
    },
  });

  const jobs = async () => countOpenJobs(ctx.db);
  new Gauge({
    name: 'coderd_provisionerd_jobs_current',
    help: 'The number of currently running provisioner jobs.',
    labelNames: ['provisioner'],
    registers,
    async collect() {
      this.reset();
      this.set({ provisioner: 'terraform' }, 0);
      for (const j of await jobs()) if (j.status === 'running') this.inc({ provisioner: j.provisioner }, j.count);
    },
  });
  new Gauge({
    name: 'warren_provisioner_jobs',
    help: 'Provisioner jobs not finished yet, by status (pending, running, canceling).',
    labelNames: ['provisioner', 'status'],
    registers,
    async collect() {
      this.reset();
      for (const status of ['pending', 'running']) this.set({ provisioner: 'terraform', status }, 0);
      for (const j of await jobs()) this.set({ provisioner: j.provisioner, status: j.status }, j.count);
    },
  });

  const currentAgents = () => listAgentsForMetrics(ctx.db);
  new Gauge({
    name: 'coderd_agents_up',
    help: 'The number of active agents per workspace.',
    labelNames: ['template_name', 'username', 'workspace_name'],
    registers,
    async collect() {
      this.reset();
      const now = ctx.clock();
      for (const a of await currentAgents()) {
        const labels = { template_name: a.template_name, username: a.username, workspace_name: a.workspace_name };
        this.inc(labels, agentStatus(a, now) === 'connected' ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'coderd_agents_connections',
    help: 'Agent connections with statuses.',
    labelNames: ['agent_name', 'username', 'workspace_name', 'status', 'lifecycle_state', 'tailnet_node'],
    registers,
    async collect() {
      this.reset();
      const now = ctx.clock();
      for (const a of await currentAgents()) {
        this.inc({ agent_name: a.agent_name, username: a.username, workspace_name: a.workspace_name, status: agentStatus(a, now), lifecycle_state: a.lifecycle_state, tailnet_node: '' }, 1);
      }
    },
  });
  new Gauge({
    name: 'coderd_agents_connection_latencies_seconds',
    help: 'Agent connection latencies in seconds.',
    labelNames: ['agent_name', 'username', 'workspace_name', 'derp_region', 'preferred'],
    registers,
    async collect() {
      this.reset();
      for (const a of await currentAgents()) {
        if (!a.connection_median_latency_ms || a.connection_median_latency_ms <= 0) continue;
        this.set({ agent_name: a.agent_name, username: a.username, workspace_name: a.workspace_name, derp_region: '', preferred: 'true' }, a.connection_median_latency_ms / 1000);
      }
    },
  });
}
