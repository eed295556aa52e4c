/** Coder's external auth API: the caller's links, one provider's status, unlinking, the device flow. */
import { externalAuthDeviceExchange } from '@warren/sdk';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { actorOf } from '../http/app';
import { parseBody } from '../http/validate';
import { registerExternalAuthAgentRoutes } from './agent-routes';
import { registerExternalAuthCallback } from './callback-route';
import * as service from './service';

type ProviderParams = { Params: { provider: string } };

export function registerExternalAuthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/v2/external-auth', async (req) => service.listUserExternalAuth(ctx, actorOf(req)));

  app.get<ProviderParams>('/api/v2/external-auth/:provider', async (req) => service.externalAuthById(ctx, actorOf(req), req.params.provider));

  app.delete<ProviderParams>('/api/v2/external-auth/:provider', async (req) => service.deleteExternalAuth(ctx, actorOf(req), req.params.provider));

  app.get<ProviderParams>('/api/v2/external-auth/:provider/device', async (req) => service.startDeviceFlow(ctx, actorOf(req), req.params.provider));

  app.post<ProviderParams>('/api/v2/external-auth/:provider/device', async (req, reply) => {
    const { device_code } = parseBody(externalAuthDeviceExchange, req.body);
    await service.finishDeviceFlow(ctx, actorOf(req), req.params.provider, device_code);
    return reply.code(204).send();
  });

  registerExternalAuthCallback(app, ctx);
  registerExternalAuthAgentRoutes(app, ctx);
}
