import { createFirstUserRequest, loginRequest, SESSION_TOKEN_COOKIE } from '@warren/sdk';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { issueKey } from '../apikeys/service';
import type { ServerContext } from '../context';
import { deleteApiKey } from '../db/queries/api-keys';
import { getUserByEmailOrUsername } from '../db/queries/users';
import { actorOf } from '../http/app';
import { ApiError } from '../http/errors';
import { parseBody } from '../http/validate';
import { createFirstUser, hasFirstUser } from '../users/service';
import { LoginThrottle } from './login-throttle';
import { setAuthCookie } from './cookies';
import { DUMMY_HASH_PROMISE, verifyPassword } from './passwords';

const BAD_CREDENTIALS = 'Incorrect email or password.';

export function registerAuthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const setSessionCookie = (req: FastifyRequest, reply: FastifyReply, token: string, expires: Date) => setAuthCookie(ctx, req, reply, SESSION_TOKEN_COOKIE, token, expires);

  app.get('/api/v2/users/first', { config: { public: true } }, async (_req, reply) => {
    if (await hasFirstUser(ctx)) return { message: 'The initial user has already been created!' };
    return reply.status(404).send({ message: 'The initial user has not been created!' });
  });

  app.post('/api/v2/users/first', { config: { public: true } }, async (req, reply) => {
    const result = await createFirstUser(ctx, parseBody(createFirstUserRequest, req.body));
    return reply.status(201).send(result);
  });

  app.get('/api/v2/users/authmethods', { config: { public: true } }, async () => ({
    terms_of_service_url: '',
    password: { enabled: !ctx.security.disablePasswordAuth },
    github: { enabled: false, default_provider_configured: false },
    oidc: { enabled: !!ctx.oidc, signInText: ctx.oidc?.signInText ?? '', iconUrl: ctx.oidc?.iconUrl ?? '' },
  }));

  app.post('/api/v2/users/login', { config: { public: true } }, async (req, reply) => {
    const body = parseBody(loginRequest, req.body);
    const throttleKeys = LoginThrottle.keys(body.email, req.ip);
    const waitMs = ctx.loginThrottle.waitFor(throttleKeys);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      reply.header('Retry-After', String(seconds));
      throw new ApiError('too_many_requests', `Too many failed logins for this account or from this address. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`);
    }

    const user = await getUserByEmailOrUsername(ctx.db, body.email);
    const ok = await verifyPassword(body.password, user?.hashed_password ?? (await DUMMY_HASH_PROMISE));
    if (!user || !ok || user.login_type !== 'password') {
      ctx.loginThrottle.recordFailure(throttleKeys);
      throw new ApiError('unauthorized', BAD_CREDENTIALS);
    }
    if (ctx.security.disablePasswordAuth && !user.rbac_roles.includes('owner')) {
      throw new ApiError('forbidden', 'Password authentication is disabled. Only administrators can sign in with password authentication.');
    }
    if (user.status === 'suspended') {
      throw new ApiError('unauthorized', 'Your account is suspended. Contact an admin to reactivate your account.');
    }
    ctx.loginThrottle.recordSuccess(throttleKeys);
    const token = await issueKey(ctx, { userId: user.id, loginType: 'password', lifetimeMs: ctx.sessionDurationMs });
    setSessionCookie(req, reply, token, new Date(ctx.clock().getTime() + ctx.sessionDurationMs));
    return reply.status(201).send({ session_token: token });
  });

  app.post('/api/v2/users/logout', async (req, reply) => {
    await deleteApiKey(ctx.db, actorOf(req).apiKeyId);
    setSessionCookie(req, reply, '', new Date(0));
    return { message: 'Logged out!' };
  });
}
