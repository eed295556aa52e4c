/**
 * What users see of an agent (session auth, read permission on the workspace, 404 otherwise):
 * the agent, its logs (JSON or followed over a WebSocket), its listening ports and its metadata
 * (server-sent events).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { ServerContext } from '../context';
import { listAgentLogs, type AgentLogRow, type AgentWithBuild } from '../db/queries/workspace-agents';
import { actorOf } from '../http/app';
import { eventStreams, registerEventSocketRoute } from '../http/event-stream';
import { ApiError } from '../http/errors';
import { iso } from '../users/convert';
import { agentChannels, resolveAgent } from './agent-auth';
import type { AgentConnections } from './connections';
import { agentMetadata, presentAgent } from './present';

type Query = Record<string, string | undefined>;
const PING_MS = 15_000;

const toLog = (l: AgentLogRow) => ({ id: l.id, created_at: iso(l.created_at), output: l.output, level: l.level, source_id: l.log_source_id });

function afterOf(query: Query): number {
  const raw = query.after;
  if (raw === undefined || raw === '') return 0;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new ApiError('bad_request', 'Query parameters have invalid values.', undefined, [{ field: 'after', detail: 'Must be a log id (a non-negative integer).' }]);
  }
  return n;
}

export const agentNotConnected = (status: string) =>
  new ApiError('bad_request', `Agent state is "${status}", it must be in the "connected" state.`);

/** Sends new logs as JSON arrays, one per batch, until the client goes away. */
async function followLogs(ctx: ServerContext, socket: WebSocket, agentId: string, after: number): Promise<void> {
  let last = after;
  let closed = false;
  let chain: Promise<void> = Promise.resolve();
  const flush = () => {
    chain = chain
      .then(async () => {
        for (;;) {
          if (closed) return;
          const logs = await listAgentLogs(ctx.db, agentId, last, 1000);
          if (logs.length === 0 || closed) return;
          socket.send(JSON.stringify(logs.map(toLog)));
          last = logs[logs.length - 1]!.id;
        }
      })
      .catch((err: unknown) => {
        ctx.log.warn({ err, agent: agentId }, 'agent log stream failed');
        if (!closed) socket.close(1011, 'An internal server error occurred.');
      });
  };
  const unsubscribe = await ctx.pubsub.subscribe(agentChannels.logs(agentId), flush);
  const ping = setInterval(() => socket.ping(), PING_MS);
  socket.on('error', () => socket.terminate());
  socket.on('close', () => {
    closed = true;
    clearInterval(ping);
    void unsubscribe();
  });
  if (socket.readyState !== socket.OPEN) socket.emit('close');
  flush();
}

export function registerAgentUserRoutes(app: FastifyInstance, ctx: ServerContext, conns: AgentConnections): void {
  const base = '/api/v2/workspaceagents/:agent';
  type Req = FastifyRequest<{ Params: { agent: string }; Querystring: Query }>;
  const serveEvents = eventStreams(app, ctx);

  app.get(base, async (req: Req) => {
    const agent = await resolveAgent(ctx, actorOf(req), req.params.agent);
    return presentAgent(ctx.db, agent, ctx.clock());
  });

  const resolved = new WeakMap<FastifyRequest, { agent: AgentWithBuild; after: number }>();
  app.route<{ Params: { agent: string }; Querystring: Query }>({
    method: 'GET',
    url: `${base}/logs`,
    preHandler: async (req) => {
      const after = afterOf(req.query);
      resolved.set(req, { agent: await resolveAgent(ctx, actorOf(req), req.params.agent), after });
    },
    handler: async (req) => {
      const { agent, after } = resolved.get(req)!;
      if (req.query.follow !== undefined) throw new ApiError('bad_request', 'Following logs needs a WebSocket connection.', 'Send the request as a WebSocket upgrade.');
      return (await listAgentLogs(ctx.db, agent.id, after)).map(toLog);
    },
    wsHandler: async (socket: WebSocket, req: FastifyRequest) => {
      const { agent, after } = resolved.get(req)!;
      await followLogs(ctx, socket, agent.id, after).catch((err: unknown) => {
        ctx.log.error({ err, agent: agent.id }, 'agent log stream failed');
        socket.close(1011, 'An internal server error occurred.');
      });
    },
  });

  app.get(`${base}/listening-ports`, async (req: Req) => {
    const agent = await resolveAgent(ctx, actorOf(req), req.params.agent);
    if (!conns.isConnected(agent.id)) throw agentNotConnected((await presentAgent(ctx.db, agent, ctx.clock())).status);
    const ports = await conns.listeningPorts(agent.id).catch((err: unknown) => {
      throw new ApiError('internal', 'Failed to list listening ports.', (err as Error).message);
    });
    return { ports: ports.filter((p) => p.port >= 9).map((p) => ({ process_name: p.process_name, network: 'tcp', port: p.port })) };
  });

  app.get(`${base}/watch-metadata`, async (req: Req, reply) => {
    const agent = await resolveAgent(ctx, actorOf(req), req.params.agent);
    await serveEvents(req, reply, {
      channel: agentChannels.metadata(agent.id),
      load: () => agentMetadata(ctx.db, agent.id, ctx.clock()),
      errorMessage: 'Internal error reading the metadata.',
    });
  });

  registerEventSocketRoute<{ agent: string }>(app, ctx, `${base}/watch-metadata-ws`, async (req) => {
    const agent = await resolveAgent(ctx, actorOf(req), req.params.agent);
    return { channel: agentChannels.metadata(agent.id), load: () => agentMetadata(ctx.db, agent.id, ctx.clock()), errorMessage: 'Internal error reading the metadata.' };
  });
}
