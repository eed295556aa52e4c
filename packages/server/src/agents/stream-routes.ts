/**
 * Client streams to an agent, each a WebSocket the server pipes 1:1 to a dial-back of the agent:
 * Coder's web terminal (`/pty`, Coder's frames) and Warren's `/ssh` (bytes into the agent's SSH
 * server), `/tcp?port=` (bytes to a port on the workspace's loopback) and `/udp?port=` (one
 * message per datagram to a UDP port on the workspace's loopback), and the diagnostics `/ping` (an
 * echo, for round trips) and `/speedtest?direction=up|down&duration_ms=` (throughput). Opening
 * one needs the right to use the workspace, not just to read it.
 */
import { SPEEDTEST_MAX_DURATION_MS, type StreamRequest } from '@warren/sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { ServerContext } from '../context';
import { actorOf } from '../http/app';
import { ApiError } from '../http/errors';
import { isUuid } from '../http/validate';
import { resolveAgentToConnect } from './agent-auth';
import type { AgentConnections } from './connections';
import { presentAgent } from './present';
import { holdFrames } from './relay';
import { agentNotConnected } from './user-routes';

type Query = Record<string, string | undefined>;

const invalid = (field: string, detail: string) => new ApiError('bad_request', 'Query parameters have invalid values.', undefined, [{ field, detail }]);

function uint(query: Query, field: string, fallback: number, max = 65535): number {
  const raw = query[field];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) throw invalid(field, `Must be an integer from 0 to ${max}.`);
  return n;
}

const PARSERS: Record<string, (q: Query) => StreamRequest> = {
  pty: (q) => {
    if (!q.reconnect || !isUuid(q.reconnect)) throw invalid('reconnect', 'Must be a UUID.');
    const command = q.command || undefined;
    return { kind: 'pty', reconnect: q.reconnect.toLowerCase(), width: uint(q, 'width', 80), height: uint(q, 'height', 80), ...(command ? { command } : {}) };
  },
  ssh: () => ({ kind: 'ssh' }),
  tcp: (q) => {
    const port = uint(q, 'port', 0);
    if (port < 1) throw invalid('port', 'Must be a TCP port from 1 to 65535.');
    return { kind: 'tcp', port };
  },
  udp: (q) => {
    const port = uint(q, 'port', 0);
    if (port < 1) throw invalid('port', 'Must be a UDP port from 1 to 65535.');
    return { kind: 'udp', port };
  },
  ping: () => ({ kind: 'echo' }),
  speedtest: (q) => {
    const direction = q.direction ?? 'down';
    if (direction !== 'up' && direction !== 'down') throw invalid('direction', 'Must be "up" or "down".');
    const durationMs = uint(q, 'duration_ms', 5000, SPEEDTEST_MAX_DURATION_MS);
    if (durationMs < 100) throw invalid('duration_ms', 'Must be at least 100 milliseconds.');
    return { kind: 'speedtest', direction, duration_ms: durationMs };
  },
};

export function registerAgentStreamRoutes(app: FastifyInstance, ctx: ServerContext, conns: AgentConnections): void {
  for (const [kind, parse] of Object.entries(PARSERS)) {
    const resolved = new WeakMap<FastifyRequest, { agentId: string; stream: StreamRequest }>();
    app.route<{ Params: { agent: string }; Querystring: Query }>({
      method: 'GET',
      url: `/api/v2/workspaceagents/:agent/${kind}`,
      // Checked before the upgrade, so refusals answer plain HTTP with Coder's error body.
      preHandler: async (req) => {
        const agent = await resolveAgentToConnect(ctx, actorOf(req), req.params.agent);
        const stream = parse(req.query);
        if (!conns.isConnected(agent.id)) throw agentNotConnected((await presentAgent(ctx.db, agent, ctx.clock())).status);
        resolved.set(req, { agentId: agent.id, stream });
      },
      handler: async () => {
        throw new ApiError('bad_request', 'This route needs a WebSocket connection.', 'Send the request as a WebSocket upgrade.');
      },
      wsHandler: (socket: WebSocket, req: FastifyRequest) => {
        const { agentId, stream } = resolved.get(req)!;
        const held = holdFrames(socket);
        conns.dial(agentId, stream).then(
          (agentSide) => held.attach(agentSide),
          (err: unknown) => {
            req.log.info({ err: (err as Error).message, agent: agentId, kind }, 'dialing the agent failed');
            held.fail(`Failed to dial the workspace agent: ${(err as Error).message}`);
          },
        );
      },
    });
  }
}
