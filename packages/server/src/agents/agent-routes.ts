/**
 * Coder's HTTP agent API (`/api/v2/workspaceagents/me/*`), authenticated with the agent token:
 * manifest, startup, lifecycle, log sources and logs, stats, metadata and app health.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context';
import { publish } from '../db/pubsub';
import { insertScriptTiming, isAgentScript } from '../db/queries/build-timings';
import * as agents from '../db/queries/workspace-agents';
import { bumpWorkspaceDeadline } from '../db/queries/workspace-schedules';
import { ApiError, badRequest } from '../http/errors';
import { parseBody } from '../http/validate';
import { iso } from '../users/convert';
import { agentChannels, authenticateAgent, publishWorkspace } from './agent-auth';
import { authenticateAgentWhenBuilt } from './agent-wait';
import { agentManifest } from './present';

/** Every agent may store this many bytes of log output (Coder's limit). */
export const AGENT_LOGS_LIMIT_BYTES = 1 << 20;
/** How often agents report stats (ns on the wire). */
export const STATS_REPORT_INTERVAL_MS = 30_000;
const EXTERNAL_LOG_SOURCE_ID = '3b579bf4-1ed8-4b99-87a8-e9a1e3410410';
const METADATA_VALUE_LIMIT = 2048;

const LIFECYCLE_STATES = ['created', 'starting', 'start_timeout', 'start_error', 'ready', 'shutting_down', 'shutdown_timeout', 'shutdown_error', 'off'] as const;
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;

const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'Must be an RFC 3339 time.');
const startupBody = z.object({ version: z.string().default(''), expanded_directory: z.string().default(''), subsystems: z.array(z.string()).nullish() });
const lifecycleBody = z.object({ state: z.enum(LIFECYCLE_STATES), changed_at: time.optional() });
const logSourceBody = z.object({ id: z.uuid(), display_name: z.string().min(1), icon: z.string().default('') });
const logsBody = z.object({
  log_source_id: z.union([z.uuid(), z.literal('')]).optional(),
  logs: z.array(z.object({ created_at: time.optional(), output: z.string(), level: z.union([z.enum(LOG_LEVELS), z.literal('')]).optional() })),
});
const metadataBody = z.object({
  metadata: z.array(z.object({ key: z.string(), collected_at: time.optional(), age: z.number().optional(), value: z.string().default(''), error: z.string().default('') })),
});
const scriptCompletedBody = z.object({
  timing: z.object({
    script_id: z.uuid(),
    start: time,
    end: time,
    exit_code: z.number().int(),
    stage: z.enum(['start', 'stop', 'cron']),
    status: z.enum(['ok', 'exit_failure', 'timed_out', 'pipes_left_open']),
  }),
});
const appHealthBody = z.object({ Healths: z.record(z.string(), z.enum(['initializing', 'healthy', 'unhealthy'])) });

const clip = (s: string) => (Buffer.byteLength(s) > METADATA_VALUE_LIMIT ? Buffer.from(s).subarray(0, METADATA_VALUE_LIMIT).toString() : s);

export function registerAgentApiRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const me = '/api/v2/workspaceagents/me';
  const config = { public: true };

  app.get(`${me}/manifest`, { config }, async (req) => {
    const agent = await authenticateAgentWhenBuilt(ctx, req);
    return agentManifest(ctx.db, agent, ctx.clock());
  });

  app.post(`${me}/startup`, { config }, async (req) => {
    const agent = await authenticateAgent(ctx, req);
    const body = parseBody(startupBody, req.body);
    await agents.updateAgentStartup(ctx.db, agent.id, {
      version: body.version,
      expandedDirectory: body.expanded_directory,
      subsystems: body.subsystems ?? [],
      now: ctx.clock(),
    });
    await publishWorkspace(ctx.db, agent);
    return {};
  });

  app.post(`${me}/report-lifecycle`, { config }, async (req, reply) => {
    const agent = await authenticateAgent(ctx, req, true);
    const body = parseBody(lifecycleBody, req.body);
    const now = ctx.clock();
    const changedAt = body.changed_at ? new Date(body.changed_at) : now;
    let startedAt: Date | null | undefined;
    let readyAt: Date | null | undefined;
    if (body.state === 'starting') [startedAt, readyAt] = [changedAt, null];
    if (body.state === 'ready' || body.state === 'start_timeout' || body.state === 'start_error') readyAt = changedAt;
    await agents.updateAgentLifecycle(ctx.db, agent.id, body.state, startedAt, readyAt, now);
    await publishWorkspace(ctx.db, agent);
    return reply.status(204).send();
  });

  app.post(`${me}/log-source`, { config }, async (req, reply) => {
    const agent = await authenticateAgent(ctx, req, true);
    const body = parseBody(logSourceBody, req.body);
    const source = await agents.upsertAgentLogSource(ctx.db, { id: body.id.toLowerCase(), agentId: agent.id, displayName: body.display_name, icon: body.icon, now: ctx.clock() });
    if (source.workspace_agent_id !== agent.id) throw new ApiError('conflict', 'A log source with this id belongs to another agent.');
    await publishWorkspace(ctx.db, agent);
    return reply.status(201).send({ ...source, created_at: iso(source.created_at) });
  });

  app.patch(`${me}/logs`, { config }, async (req, reply) => {
    const agent = await authenticateAgent(ctx, req, true);
    const body = parseBody(logsBody, req.body);
    if (body.logs.length === 0) return { message: 'No logs to insert.' };
    const now = ctx.clock();
    const logs = body.logs.map((l) => ({ createdAt: l.created_at ? new Date(l.created_at) : now, output: l.output.replaceAll('\u0000', ''), level: l.level || 'info' }));
    const result = await ctx.db.tx(async (q) => {
      const r = await agents.appendAgentLogs(q, agent.id, body.log_source_id || EXTERNAL_LOG_SOURCE_ID, logs, AGENT_LOGS_LIMIT_BYTES);
      if (r.stored) await publish(q, agentChannels.logs(agent.id));
      if (r.first || r.overflowedNow) await publishWorkspace(q, agent);
      return r;
    });
    if (!result.stored) {
      return reply.status(413).send({ message: 'Logs limit exceeded', detail: `An agent may store at most ${AGENT_LOGS_LIMIT_BYTES} bytes of logs.` });
    }
    return { message: 'Logs inserted.' };
  });

  app.post(`${me}/report-stats`, { config }, async (req) => {
    const agent = await authenticateAgent(ctx, req, true);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('Request body must be valid JSON.');
    const interval = { report_interval: STATS_REPORT_INTERVAL_MS * 1_000_000 };
    if (Object.keys(body).length === 0) return interval;
    const num = (k: string) => (typeof body[k] === 'number' && Number.isFinite(body[k]) ? Math.max(0, body[k]) : 0);
    const now = ctx.clock();
    await agents.upsertAgentStats(ctx.db, { agentId: agent.id, workspaceId: agent.workspace_id, now, payload: body, num });
    const sessions = ['session_count_vscode', 'session_count_jetbrains', 'session_count_reconnecting_pty', 'session_count_ssh'].some((k) => num(k) > 0);
    if (sessions || num('connection_count') > 0) {
      await agents.bumpWorkspaceLastUsed(ctx.db, agent.workspace_id, now);
      // A workspace in use does not stop on schedule: its deadline moves out by the template's activity bump.
      if (await bumpWorkspaceDeadline(ctx.db, agent.workspace_id, now)) await publishWorkspace(ctx.db, agent);
    }
    return interval;
  });

  app.post(`${me}/metadata`, { config }, async (req, reply) => {
    const agent = await authenticateAgent(ctx, req, true);
    const body = parseBody(metadataBody, req.body);
    const now = ctx.clock();
    const items = body.metadata.map((m) => ({ key: m.key, value: clip(m.value), error: clip(m.error), collectedAt: m.collected_at ? new Date(m.collected_at) : now }));
    await ctx.db.tx(async (q) => {
      if ((await agents.upsertAgentMetadata(q, agent.id, items)) === 0) return;
      await publish(q, agentChannels.metadata(agent.id));
      await publishWorkspace(q, agent);
    });
    return reply.status(204).send();
  });

  // Coder's ScriptCompleted: one run of one of the agent's scripts, for the build's timings.
  app.post(`${me}/script-completed`, { config }, async (req, reply) => {
    const agent = await authenticateAgent(ctx, req, true);
    const { timing } = parseBody(scriptCompletedBody, req.body);
    if (!(await isAgentScript(ctx.db, agent.id, timing.script_id.toLowerCase()))) throw badRequest('Unknown script.', `Script ${timing.script_id} is not one of this agent's scripts.`);
    await insertScriptTiming(ctx.db, {
      scriptId: timing.script_id.toLowerCase(),
      startedAt: new Date(timing.start),
      endedAt: new Date(timing.end),
      exitCode: timing.exit_code,
      stage: timing.stage,
      status: timing.status,
    });
    return reply.status(204).send();
  });

  app.post(`${me}/app-health`, { config }, async (req) => {
    const agent = await authenticateAgent(ctx, req);
    const body = parseBody(appHealthBody, req.body);
    const apps = await agents.listAgentApps(ctx.db, agent.id);
    const changes: Array<[string, string]> = [];
    for (const [id, health] of Object.entries(body.Healths)) {
      const found = apps.find((a) => a.id === id.toLowerCase());
      if (!found) throw badRequest('Error setting workspace app health', `App id "${id}" not found.`);
      if (!found.healthcheck_url) throw badRequest('Error setting workspace app health', `App "${id}" does not have healthchecks enabled.`);
      if (found.health !== health) changes.push([found.id, health]);
    }
    if (changes.length > 0) {
      await ctx.db.tx(async (q) => {
        for (const [id, health] of changes) await agents.updateAppHealth(q, id, health);
        await publishWorkspace(q, agent);
      });
    }
    return {};
  });
}
