/**
 * `GET /api/v2/debug/ws`: Coder's WebSocket echo, which health checks and `warren netcheck` use to
 * measure round trips over a WebSocket through whatever sits between the client and the server.
 * Every message comes back as sent (text or binary). Any signed-in user may use it: it returns
 * only what the caller sent.
 */
import { healthSettingsSchema } from '@warren/sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { tokenFromRequest } from '../auth/authenticate';
import { authorize } from '../authz/policy';
import type { ServerContext } from '../context';
import { actorOf } from '../http/app';
import { ApiError } from '../http/errors';
import { parseBody } from '../http/validate';
import { HealthReporter } from './health';

/** An echo socket idle this long is closed. */
const IDLE_MS = 60_000;
/** Larger messages close the socket (1009). */
const MAX_MESSAGE_BYTES = 64 * 1024;

export function registerDebugRoutes(app: FastifyInstance, ctx: ServerContext, health = new HealthReporter(ctx)): void {
  // Coder's deployment health report (owners only; others get the policy's 404).
  app.get<{ Querystring: { force?: string } }>('/api/v2/debug/health', async (req) => {
    authorize(actorOf(req), 'read', { type: 'debug_info' });
    return health.report({ force: req.query.force === 'true', token: tokenFromRequest(req) });
  });

  app.get('/api/v2/debug/health/settings', async (req) => {
    authorize(actorOf(req), 'read', { type: 'debug_info' });
    return health.settings();
  });

  app.put('/api/v2/debug/health/settings', async (req, reply) => {
    authorize(actorOf(req), 'update', { type: 'debug_info' });
    const settings = parseBody(healthSettingsSchema, req.body);
    if (!(await health.updateSettings(settings))) return reply.status(204).send();
    return health.settings();
  });

  app.route({
    method: 'GET',
    url: '/api/v2/debug/ws',
    preHandler: async (req) => {
      authorize(actorOf(req), 'read', { type: 'websocket_echo' });
    },
    handler: async () => {
      throw new ApiError('bad_request', 'This route needs a WebSocket connection.', 'Send the request as a WebSocket upgrade.');
    },
    wsHandler: (socket: WebSocket, _req: FastifyRequest) => {
      let timer = setTimeout(() => socket.close(1000, 'Idle.'), IDLE_MS);
      socket.on('error', () => socket.terminate());
      socket.on('message', (data, isBinary) => {
        clearTimeout(timer);
        timer = setTimeout(() => socket.close(1000, 'Idle.'), IDLE_MS);
        const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;
        if (size > MAX_MESSAGE_BYTES) return socket.close(1009, 'Message too big.');
        socket.send(data, { binary: isBinary });
      });
      socket.on('close', () => clearTimeout(timer));
    },
  });
}
