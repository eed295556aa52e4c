import { SESSION_TOKEN_COOKIE, SESSION_TOKEN_HEADER, SESSION_TOKEN_QUERY } from '@warren/sdk';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import { getApiKeyWithOwner, touchApiKey } from '../db/queries/api-keys';
import { updateUserLastSeen } from '../db/queries/users';
import { ApiError, unauthorized } from '../http/errors';
import { parseApiKey, secretMatches } from './api-key-secret';

const TOUCH_INTERVAL_MS = 60 * 60_000;

/** The session token of a request, looked up in Coder's order: cookie, query parameter, header. */
export function tokenFromRequest(req: FastifyRequest): string | undefined {
  const cookie = req.cookies?.[SESSION_TOKEN_COOKIE];
  if (cookie) return cookie;
  const query = (req.query as Record<string, unknown> | undefined)?.[SESSION_TOKEN_QUERY];
  if (typeof query === 'string' && query) return query;
  const header = req.headers[SESSION_TOKEN_HEADER.toLowerCase()];
  return typeof header === 'string' && header ? header : undefined;
}

/** Resolves a session token to an actor, or throws 401 with the reason in `detail`. */
export async function authenticateToken(ctx: ServerContext, token: string | undefined): Promise<Actor> {
  if (!token) throw unauthorized(`Cookie "${SESSION_TOKEN_COOKIE}" or header "${SESSION_TOKEN_HEADER}" must be provided.`);
  const parsed = parseApiKey(token);
  if (!parsed) throw unauthorized('Invalid API key format: expected "<10-character id>-<22-character secret>".');
  // Every authenticated request starts here: the key, its user and memberships come in one query.
  const key = await getApiKeyWithOwner(ctx.db, parsed.id);
  if (!key || !secretMatches(parsed.secret, key.hashed_secret)) throw unauthorized('API key is invalid.');
  const now = ctx.clock();
  if (key.expires_at.getTime() <= now.getTime()) {
    throw unauthorized(`API key expired at ${key.expires_at.toISOString()}.`);
  }
  if (key.user_status === null || key.user_rbac_roles === null) throw unauthorized('The user of this API key no longer exists.');
  if (key.user_status !== 'active') {
    throw new ApiError('unauthorized', `User is not active (status = "${key.user_status}"). Contact an admin to reactivate your account.`);
  }
  if (now.getTime() - key.last_used.getTime() > TOUCH_INTERVAL_MS) {
    // Sessions slide: using one pushes its expiry forward. Tokens keep the expiry they were made with.
    const expiresAt = key.login_type === 'token' ? key.expires_at : new Date(now.getTime() + key.lifetime_seconds * 1000);
    await touchApiKey(ctx.db, key.id, now, expiresAt);
    await updateUserLastSeen(ctx.db, key.user_id, now);
  }
  return {
    userId: key.user_id,
    siteRoles: key.user_rbac_roles,
    organizationRoles: new Map(key.memberships.map((m) => [m.organization_id, m.roles])),
    scope: key.scope,
    apiKeyId: key.id,
  };
}
