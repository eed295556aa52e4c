import type { Queryable } from '../database';

export interface ApiKeyRow {
  id: string;
  hashed_secret: Buffer;
  user_id: string;
  login_type: string;
  scope: 'all' | 'application_connect';
  token_name: string;
  lifetime_seconds: number;
  last_used: Date;
  expires_at: Date;
  created_at: Date;
  updated_at: Date;
}

export async function insertApiKey(
  q: Queryable,
  p: Omit<ApiKeyRow, 'created_at' | 'updated_at' | 'last_used'> & { now: Date },
): Promise<ApiKeyRow> {
  const { rows } = await q.query<ApiKeyRow>(
    `INSERT INTO api_keys (id, hashed_secret, user_id, login_type, scope, token_name, lifetime_seconds,
                           last_used, expires_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $8) RETURNING *`,
    [p.id, p.hashed_secret, p.user_id, p.login_type, p.scope, p.token_name, p.lifetime_seconds, p.now, p.expires_at],
  );
  return rows[0]!;
}

export async function getApiKeyById(q: Queryable, id: string): Promise<ApiKeyRow | undefined> {
  const { rows } = await q.query<ApiKeyRow>('SELECT * FROM api_keys WHERE id = $1', [id]);
  return rows[0];
}

/** A key with what authenticating it needs of its user, in one round trip: null user fields when the user is gone. */
export interface ApiKeyWithOwner extends ApiKeyRow {
  user_status: string | null;
  user_rbac_roles: string[] | null;
  memberships: Array<{ organization_id: string; roles: string[] }>;
}

export async function getApiKeyWithOwner(q: Queryable, id: string): Promise<ApiKeyWithOwner | undefined> {
  const { rows } = await q.query<ApiKeyWithOwner>(
    `SELECT k.*, u.status AS user_status, u.rbac_roles AS user_rbac_roles,
            COALESCE((SELECT json_agg(json_build_object('organization_id', m.organization_id, 'roles', m.roles))
                      FROM organization_members m WHERE m.user_id = k.user_id), '[]'::json) AS memberships
     FROM api_keys k LEFT JOIN users u ON u.id = k.user_id AND NOT u.deleted
     WHERE k.id = $1`,
    [id],
  );
  return rows[0];
}

export async function getTokenByName(q: Queryable, userId: string, name: string): Promise<ApiKeyRow | undefined> {
  const { rows } = await q.query<ApiKeyRow>(
    `SELECT * FROM api_keys WHERE user_id = $1 AND token_name = $2 AND login_type = 'token'`,
    [userId, name],
  );
  return rows[0];
}

export async function listTokens(q: Queryable, userId?: string): Promise<Array<ApiKeyRow & { username: string }>> {
  const { rows } = await q.query<ApiKeyRow & { username: string }>(
    `SELECT k.*, u.username FROM api_keys k JOIN users u ON u.id = k.user_id
     WHERE k.login_type = 'token' AND ($1::uuid IS NULL OR k.user_id = $1) ORDER BY k.created_at`,
    [userId ?? null],
  );
  return rows;
}

export async function deleteApiKey(q: Queryable, id: string): Promise<void> {
  await q.query('DELETE FROM api_keys WHERE id = $1', [id]);
}

export async function touchApiKey(q: Queryable, id: string, lastUsed: Date, expiresAt: Date): Promise<void> {
  await q.query('UPDATE api_keys SET last_used = $2, expires_at = $3, updated_at = $2 WHERE id = $1', [id, lastUsed, expiresAt]);
}

/** Removes a user's keys of one name whatever their login type (used for per-workspace session tokens). */
export async function deleteApiKeysByName(q: Queryable, userId: string, tokenName: string): Promise<void> {
  await q.query('DELETE FROM api_keys WHERE user_id = $1 AND token_name = $2', [userId, tokenName]);
}

/** Ends a user's sessions of one login type (their password sessions, once the account moved to OIDC). */
export async function deleteSessionsByLoginType(q: Queryable, userId: string, loginType: string): Promise<void> {
  await q.query('DELETE FROM api_keys WHERE user_id = $1 AND login_type = $2', [userId, loginType]);
}

/** Ends every session and token of a user (a changed password signs the user out everywhere). */
export async function deleteApiKeysByUserId(q: Queryable, userId: string): Promise<void> {
  await q.query('DELETE FROM api_keys WHERE user_id = $1', [userId]);
}
