import { createTokenRequest } from '@warren/sdk';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { actorOf } from '../http/app';
import { parseBody } from '../http/validate';
import { resolveUser } from '../users/service';
import * as service from './service';

type UserParams = { user: string };

export function registerApiKeyRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Params: UserParams }>('/api/v2/users/:user/keys/tokens', async (req, reply) => {
    const actor = actorOf(req);
    const user = await resolveUser(ctx, actor, req.params.user);
    const key = await service.createToken(ctx, actor, user, parseBody(createTokenRequest, req.body ?? {}));
    return reply.status(201).send({ key });
  });

  app.post<{ Params: UserParams }>('/api/v2/users/:user/keys', async (req, reply) => {
    const actor = actorOf(req);
    const user = await resolveUser(ctx, actor, req.params.user);
    const key = await service.createSessionKey(ctx, actor, user);
    return reply.status(201).send({ key });
  });

  app.get<{ Params: UserParams; Querystring: { include_all?: string } }>('/api/v2/users/:user/keys/tokens', async (req) => {
    const actor = actorOf(req);
    const user = await resolveUser(ctx, actor, req.params.user);
    return service.listTokens(ctx, actor, user, req.query.include_all === 'true');
  });

  app.get<{ Params: UserParams }>('/api/v2/users/:user/keys/tokens/tokenconfig', async (req) => {
    await resolveUser(ctx, actorOf(req), req.params.user);
    return { max_token_lifetime: ctx.maxTokenLifetimeMs * 1_000_000 };
  });

  app.get<{ Params: UserParams & { name: string } }>('/api/v2/users/:user/keys/tokens/:name', async (req) => {
    const actor = actorOf(req);
    return service.getTokenByName(ctx, actor, await resolveUser(ctx, actor, req.params.user), req.params.name);
  });

  app.get<{ Params: UserParams & { key: string } }>('/api/v2/users/:user/keys/:key', async (req) => {
    const actor = actorOf(req);
    return service.toApiKey(await service.getKey(ctx, actor, await resolveUser(ctx, actor, req.params.user), req.params.key));
  });

  app.delete<{ Params: UserParams & { key: string } }>('/api/v2/users/:user/keys/:key', async (req, reply) => {
    const actor = actorOf(req);
    await service.deleteKey(ctx, actor, await resolveUser(ctx, actor, req.params.user), req.params.key);
    return reply.status(204).send();
  });
}
