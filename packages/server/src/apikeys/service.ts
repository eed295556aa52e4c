import type { APIKey, APIKeyWithOwner, CreateTokenRequest } from '@warren/sdk';
import { generateApiKey } from '../auth/api-key-secret';
import { authorize, can, type Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import { pgErrorCode, UNIQUE_VIOLATION } from '../db/database';
import * as keys from '../db/queries/api-keys';
import { ApiError, badRequest, notFound, validationFailed } from '../http/errors';
import type { UserRow } from '../db/queries/users';

const NS_PER_MS = 1_000_000;

export function toApiKey(row: keys.ApiKeyRow): APIKey {
  return {
    id: row.id,
    user_id: row.user_id,
    last_used: row.last_used.toISOString(),
    expires_at: row.expires_at.toISOString(),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    login_type: row.login_type as APIKey['login_type'],
    scope: row.scope,
    token_name: row.token_name,
    lifetime_seconds: row.lifetime_seconds,
  };
}

/** Issues a key for a user and returns `<id>-<secret>`; only the secret's hash is stored. */
export async function issueKey(
  ctx: ServerContext,
  p: { userId: string; loginType: 'password' | 'oidc' | 'token'; lifetimeMs: number; scope?: 'all' | 'application_connect'; tokenName?: string },
): Promise<string> {
  const generated = generateApiKey();
  const now = ctx.clock();
  await keys.insertApiKey(ctx.db, {
    id: generated.id,
    hashed_secret: generated.hashedSecret,
    user_id: p.userId,
    login_type: p.loginType,
    scope: p.scope ?? 'all',
    token_name: p.tokenName ?? '',
    lifetime_seconds: Math.round(p.lifetimeMs / 1000),
    expires_at: new Date(now.getTime() + p.lifetimeMs),
    now,
  });
  return generated.key;
}

export async function createToken(ctx: ServerContext, actor: Actor, user: UserRow, req: CreateTokenRequest): Promise<string> {
  authorize(actor, 'create', { type: 'api_key', ownerId: user.id });
  const lifetimeMs = req.lifetime ? req.lifetime / NS_PER_MS : ctx.defaultTokenLifetimeMs;
  if (lifetimeMs > ctx.maxTokenLifetimeMs) {
    throw validationFailed(
      [{ field: 'lifetime', detail: `Must be at most ${Math.floor(ctx.maxTokenLifetimeMs / 3_600_000)}h.` }],
      `Lifetime must be less than ${Math.floor(ctx.maxTokenLifetimeMs / 3_600_000)}h.`,
    );
  }
  if (lifetimeMs < 1000) throw validationFailed([{ field: 'lifetime', detail: 'Must be at least one second.' }]);
  const tokenName = req.token_name || `${user.username}_${Date.now().toString(36)}`;
  try {
    return await issueKey(ctx, { userId: user.id, loginType: 'token', lifetimeMs, scope: req.scope, tokenName });
  } catch (err) {
    if (pgErrorCode(err) === UNIQUE_VIOLATION) {
      throw new ApiError('conflict', `A token with name "${tokenName}" already exists.`, undefined, [
        { field: 'name', detail: 'This value is already in use and should be unique.' },
      ]);
    }
    throw err;
  }
}

/** `POST /users/{user}/keys`: a session-style key with the session lifetime. */
export async function createSessionKey(ctx: ServerContext, actor: Actor, user: UserRow): Promise<string> {
  authorize(actor, 'create', { type: 'api_key', ownerId: user.id });
  return issueKey(ctx, { userId: user.id, loginType: 'password', lifetimeMs: ctx.sessionDurationMs });
}

export async function listTokens(ctx: ServerContext, actor: Actor, user: UserRow, includeAll: boolean): Promise<APIKeyWithOwner[]> {
  if (includeAll) {
    if (!can(actor, 'read', { type: 'api_key' })) throw badRequest('Only administrators may list every user\'s tokens.');
    return (await keys.listTokens(ctx.db)).map((r) => ({ ...toApiKey(r), username: r.username }));
  }
  authorize(actor, 'read', { type: 'api_key', ownerId: user.id });
  return (await keys.listTokens(ctx.db, user.id)).map((r) => ({ ...toApiKey(r), username: r.username }));
}

export async function getTokenByName(ctx: ServerContext, actor: Actor, user: UserRow, name: string): Promise<APIKey> {
  authorize(actor, 'read', { type: 'api_key', ownerId: user.id });
  const row = await keys.getTokenByName(ctx.db, user.id, name);
  if (!row) throw notFound();
  return toApiKey(row);
}

export async function getKey(ctx: ServerContext, actor: Actor, user: UserRow, keyId: string): Promise<keys.ApiKeyRow> {
  const row = await keys.getApiKeyById(ctx.db, keyId);
  if (!row || row.user_id !== user.id) throw notFound();
  authorize(actor, 'read', { type: 'api_key', ownerId: row.user_id });
  return row;
}

export async function deleteKey(ctx: ServerContext, actor: Actor, user: UserRow, keyId: string): Promise<void> {
  const row = await getKey(ctx, actor, user, keyId);
  authorize(actor, 'delete', { type: 'api_key', ownerId: row.user_id });
  await keys.deleteApiKey(ctx.db, row.id);
}
