import { createUserRequest, updateRolesRequest } from '@warren/sdk';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { actorOf } from '../http/app';
import { parseBody, parsePagination } from '../http/validate';
import { deleteUser } from './delete';
import * as service from './service';

type UserParams = { user: string };

export function registerUserRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Querystring: Record<string, string> }>('/api/v2/users', async (req) => {
    const { limit, offset } = parsePagination(req.query);
    return service.listUsers(ctx, actorOf(req), req.query.q ?? '', limit, offset);
  });

  app.post('/api/v2/users', async (req, reply) => {
    const user = await service.createUser(ctx, actorOf(req), parseBody(createUserRequest, req.body));
    return reply.status(201).send(user);
  });

  app.get<{ Params: UserParams }>('/api/v2/users/:user', async (req) => {
    return service.presentUser(ctx.db, await service.resolveUser(ctx, actorOf(req), req.params.user));
  });

  app.delete<{ Params: UserParams }>('/api/v2/users/:user', async (req) => deleteUser(ctx, actorOf(req), req.params.user));

  app.put<{ Params: UserParams }>('/api/v2/users/:user/status/activate', async (req) =>
    service.setUserStatus(ctx, actorOf(req), req.params.user, 'active'),
  );

  app.put<{ Params: UserParams }>('/api/v2/users/:user/status/suspend', async (req) =>
    service.setUserStatus(ctx, actorOf(req), req.params.user, 'suspended'),
  );

  app.get<{ Params: UserParams }>('/api/v2/users/:user/roles', async (req) => service.userRoles(ctx, actorOf(req), req.params.user));

  app.put<{ Params: UserParams }>('/api/v2/users/:user/roles', async (req) => {
    const body = parseBody(updateRolesRequest, req.body);
    return service.setUserRoles(ctx, actorOf(req), req.params.user, body.roles);
  });

  app.get<{ Params: UserParams }>('/api/v2/users/:user/login-type', async (req) => {
    const user = await service.resolveUser(ctx, actorOf(req), req.params.user);
    return { login_type: user.login_type };
  });
}
