import { createFirstUserRequest, loginRequest, SESSION_TOKEN_COOKIE } from '@warren/sdk';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { issueKey } from '../apikeys/service';
import type { ServerContext } from '../context';
import { deleteApiKey } from '../db/queries/api-keys';
import { getUserByEmailOrUsername } from '../db/queries/users';
import { actorOf } from '../http/app';
import { ApiError } from '../http/errors';
import { parseBody } from '../http/validate';
import { createFirstUser, hasFirstUser } from '../users/service';
import { DUMMY_HASH_PROMISE, verifyPassword } from './passwords';

const BAD_CREDENTIALS = 'Incorrect email or password.';

export function registerAuthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const secureCookie = ctx.accessUrl.protocol === 'https:';
  const setSessionCookie = (reply: FastifyReply, token: string, expires: Date) =>
    reply.setCookie(SESSION_TOKEN_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookie, expires });

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
    password: { enabled: true },
    github: { enabled: false, default_provider_configured: false },
    oidc: { enabled: false, signInText: '', iconUrl: '' },
  }));

  app.post('/api/v2/users/login', { config: { public: true } }, async (req, reply) => {
    const body = parseBody(loginRequest, req.body);
    const throttleKeys = [`login:${body.email.toLowerCase()}`, `ip:${req.ip}`];
    const delay = ctx.loginThrottle.delayFor(throttleKeys);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));

    const user = await getUserByEmailOrUsername(ctx.db, body.email);
    const ok = await verifyPassword(body.password, user?.hashed_password ?? (await DUMMY_HASH_PROMISE));
    if (!user || !ok || user.login_type !== 'password') {
      ctx.loginThrottle.recordFailure(throttleKeys);
      throw new ApiError('unauthorized', BAD_CREDENTIALS);
    }
    if (user.status === 'suspended') {
      throw new ApiError('unauthorized', 'Your account is suspended. Contact an admin to reactivate your account.');
    }
    ctx.loginThrottle.recordSuccess(throttleKeys);
    const token = await issueKey(ctx, { userId: user.id, loginType: 'password', lifetimeMs: ctx.sessionDurationMs });
    setSessionCookie(reply, token, new Date(ctx.clock().getTime() + ctx.sessionDurationMs));
    return reply.status(201).send({ session_token: token });
  });

  app.post('/api/v2/users/logout', async (req, reply) => {
    await deleteApiKey(ctx.db, actorOf(req).apiKeyId);
    setSessionCookie(reply, '', new Date(0));
    return { message: 'Logged out!' };
  });
}
