/**
 * The agent's WebSockets: the control connection (`/me/control`), which marks the agent connected
 * (first/last_connected_at, a heartbeat while it lasts, disconnected_at when it ends), and the
 * dial-backs of streams (`/me/streams/{id}`; raw ones in raw-stream-door.ts).
 */
import { AGENT_CONTROL_PATH } from '@warren/sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { ServerContext } from '../context';
import { markAgentConnected, markAgentDisconnected, type AgentWithBuild } from '../db/queries/workspace-agents';
import { ApiError, notFound } from '../http/errors';
import { authenticateAgent, publishWorkspace } from './agent-auth';
import type { AgentConnections } from './connections';
import { installRawStreamDoor } from './raw-stream-door';

export interface ControlRouteOptions {
  /** Between pings of the control connection; each answered ping refreshes last_connected_at. */
  heartbeatMs?: number;
}

const needsWebSocket = () => new ApiError('bad_request', 'This route needs a WebSocket connection.', 'Send the request as a WebSocket upgrade.');

export function registerAgentControlRoutes(app: FastifyInstance, ctx: ServerContext, conns: AgentConnections, opts: ControlRouteOptions = {}): void {
  const agents = new WeakMap<FastifyRequest, AgentWithBuild>();
  const heartbeatMs = opts.heartbeatMs ?? 15_000;

  app.route({
    method: 'GET',
    url: AGENT_CONTROL_PATH,
    config: { public: true },
    preHandler: async (req) => {
      agents.set(req, await authenticateAgent(ctx, req));
    },
    handler: async () => {
      throw needsWebSocket();
    },
    wsHandler: async (socket: WebSocket, req: FastifyRequest) => {
      const agent = agents.get(req)!;
      const log = req.log.child({ agent: agent.id });
      const detach = conns.attachControl(agent.id, socket);
      socket.on('error', (err) => log.debug({ err: err.message }, 'agent control connection error'));
      // Database updates of one connection run in order, so a quick close is never overtaken by its open.
      let updates: Promise<void> = Promise.resolve();
      const update = (what: string, fn: () => Promise<void>) => {
        updates = updates.then(fn).catch((err: unknown) => log.warn({ err }, `${what} failed`));
      };
      const connected = (fresh: boolean) => async () => {
        await markAgentConnected(ctx.db, agent.id, ctx.clock(), fresh);
        if (fresh) await publishWorkspace(ctx.db, agent);
      };
      let alive = true;
      const timer = setInterval(() => {
        if (!alive) return socket.terminate();
        alive = false;
        socket.ping();
      }, heartbeatMs);
      socket.on('pong', () => {
        alive = true;
        update('agent heartbeat', connected(false));
      });
      socket.on('close', () => {
        clearInterval(timer);
        if (!detach()) return;
        log.info('agent disconnected');
        update('marking the agent disconnected', async () => {
          await markAgentDisconnected(ctx.db, agent.id, ctx.clock());
          await publishWorkspace(ctx.db, agent);
        });
      });
      log.info('agent connected');
      update('marking the agent connected', connected(true));
      await updates;
    },
  });

  app.route<{ Params: { id: string } }>({
    method: 'GET',
    url: '/api/v2/workspaceagents/me/streams/:id',
    config: { public: true },
    preHandler: async (req) => {
      const agent = await authenticateAgent(ctx, req);
      if (!conns.expectsStream(agent.id, req.params.id)) throw notFound('No such stream is waiting for this agent.');
    },
    handler: async () => {
      throw needsWebSocket();
    },
    wsHandler: (socket: WebSocket, req: FastifyRequest<{ Params: { id: string } }>) => {
      socket.on('error', () => socket.terminate());
      conns.acceptStream(req.params.id, socket);
    },
  });
  installRawStreamDoor(app, ctx, conns);
}
