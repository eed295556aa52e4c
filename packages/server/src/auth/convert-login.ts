/**
 * Moving a password account to OpenID Connect, as Coder does it: `POST /users/{user}/convert-login`
 * checks the password and answers a state string (`convert-...`), with a signed cookie tying that
 * state to the user for five minutes. The OIDC sign-in started with `oidc_merge_state=<state>`
 * then converts the account it finds, if the cookie, the state and the user all agree.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { convertLoginRequest, type OAuthConversionResponse } from '@warren/sdk';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize } from '../authz/policy';
import type { ServerContext } from '../context';
import { ensureSiteConfig } from '../db/queries/site-configs';
import type { UserRow } from '../db/queries/users';
import { actorOf } from '../http/app';
import { ApiError, badRequest } from '../http/errors';
import { parseBody } from '../http/validate';
import { resolveUser } from '../users/service';
import { setAuthCookie } from './cookies';
import { DUMMY_HASH_PROMISE, verifyPassword } from './passwords';

export const CONVERT_COOKIE = 'coder_oauth_convert_jwt';
const MERGE_STATE_PREFIX = 'convert-';
const LIFETIME_MS = 5 * 60_000;

export interface ConversionClaims {
  issuer: string;
  user_id: string;
  state: string;
  from_login_type: string;
  to_login_type: string;
  expires_at: number;
}

/** Whether an OAuth state string is a conversion's (the prefix, then the random part). */
export const isMergeState = (state: string | undefined): state is string => !!state && /^convert-[A-Za-z0-9_-]{32,64}$/.test(state);

const signingKey = (ctx: ServerContext) => ensureSiteConfig(ctx.db, 'oauth_convert_signing_key', randomBytes(32).toString('hex')).then((hex) => Buffer.from(hex, 'hex'));

async function sign(ctx: ServerContext, claims: ConversionClaims): Promise<string> {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${createHmac('sha256', await signingKey(ctx)).update(body).digest('base64url')}`;
}

/** The claims of the conversion cookie, checked (signature, deployment, expiry, state); 400/403 with Coder's sentences. */
export async function conversionClaims(ctx: ServerContext, req: FastifyRequest, state: string): Promise<ConversionClaims> {
  const cookie = req.cookies[CONVERT_COOKIE];
  if (!cookie) throw badRequest('Convert to oauth cookie not found. Missing signed jwt to authorize this action. Please try again.');
  const [body = '', mac = ''] = cookie.split('.');
  const expected = createHmac('sha256', await signingKey(ctx)).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw badRequest('Using an invalid jwt to authorize this action. Ensure there is only 1 coder deployment and try again.');
  }
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as ConversionClaims;
  if (claims.issuer !== ctx.deploymentId) throw new ApiError('forbidden', 'Request to convert login type failed. Issuer mismatch. Found a cookie from another coder deployment, please try again.');
  if (claims.expires_at < ctx.clock().getTime()) throw badRequest('The request to convert your login type has expired. Please try again.');
  if (claims.state !== state) throw new ApiError('forbidden', 'Request to convert login type failed. State mismatch.');
  return claims;
}

/** Refuses a conversion that is not this user's, from their login type, to OIDC. */
export function checkConversion(claims: ConversionClaims, user: UserRow): void {
  if (user.id !== claims.user_id || user.login_type !== claims.from_login_type || claims.to_login_type !== 'oidc') {
    throw new ApiError('forbidden', `Request to convert login type from ${user.login_type} to oidc failed`);
  }
}

export const clearConversionCookie = (ctx: ServerContext, req: FastifyRequest, reply: FastifyReply) => setAuthCookie(ctx, req, reply, CONVERT_COOKIE, '', new Date(0));

export function registerConvertLogin(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Params: { user: string } }>('/api/v2/users/:user/convert-login', async (req, reply) => {
    const actor = actorOf(req);
    const user = await resolveUser(ctx, actor, req.params.user);
    authorize(actor, 'update', { type: 'user', ownerId: user.id });
    const body = parseBody(convertLoginRequest, req.body);
    if (body.to_type === 'password' || body.to_type === 'token' || body.to_type === 'none') throw badRequest(`Cannot convert to login type "${body.to_type}".`);
    if (body.to_type === 'github') throw badRequest('GitHub sign-in is not configured on this deployment.');
    if (body.to_type !== 'oidc') throw badRequest(`Unknown login type "${body.to_type}".`);
    if (!ctx.oidc) throw badRequest('OpenID Connect sign-in is not configured on this deployment (--oidc-issuer-url, --oidc-client-id).');
    if (!(await verifyPassword(body.password, user.hashed_password ?? (await DUMMY_HASH_PROMISE)))) throw new ApiError('unauthorized', 'Incorrect email or password.');
    if (user.login_type !== 'password') throw badRequest('User account must have password based authentication.');
    const expires = new Date(ctx.clock().getTime() + LIFETIME_MS);
    const state = `${MERGE_STATE_PREFIX}${randomBytes(24).toString('base64url')}`;
    const claims: ConversionClaims = { issuer: ctx.deploymentId, user_id: user.id, state, from_login_type: user.login_type, to_login_type: 'oidc', expires_at: expires.getTime() };
    setAuthCookie(ctx, req, reply, CONVERT_COOKIE, await sign(ctx, claims), expires);
    const answer: OAuthConversionResponse = { state_string: state, expires_at: expires.toISOString(), to_type: 'oidc', user_id: user.id };
    return reply.status(201).send(answer);
  });
}
