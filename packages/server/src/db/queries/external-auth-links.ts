import type { Queryable } from '../database';

export interface ExternalAuthLinkRow {
  provider_id: string;
  user_id: string;
  created_at: Date;
  updated_at: Date;
  oauth_access_token: string;
  oauth_refresh_token: string;
  oauth_expiry: Date | null;
  oauth_extra: Record<string, unknown> | null;
  oauth_refresh_failure_reason: string;
}

/** What a token exchange or refresh gives a link. */
export interface LinkTokens {
  accessToken: string;
  refreshToken: string;
  expiry: Date | null;
  extra: Record<string, unknown> | null;
}

export async function getExternalAuthLink(q: Queryable, providerId: string, userId: string): Promise<ExternalAuthLinkRow | undefined> {
  const { rows } = await q.query<ExternalAuthLinkRow>('SELECT * FROM external_auth_links WHERE provider_id = $1 AND user_id = $2', [providerId, userId]);
  return rows[0];
}

export async function listExternalAuthLinks(q: Queryable, userId: string): Promise<ExternalAuthLinkRow[]> {
  const { rows } = await q.query<ExternalAuthLinkRow>('SELECT * FROM external_auth_links WHERE user_id = $1 ORDER BY provider_id', [userId]);
  return rows;
}

/** Stores new tokens (a first link, or a new sign-in or refresh of an existing one); clears a refresh failure. */
export async function upsertExternalAuthLink(q: Queryable, providerId: string, userId: string, tokens: LinkTokens, now: Date): Promise<ExternalAuthLinkRow> {
  const { rows } = await q.query<ExternalAuthLinkRow>(
    `INSERT INTO external_auth_links (provider_id, user_id, created_at, updated_at, oauth_access_token, oauth_refresh_token, oauth_expiry, oauth_extra)
     VALUES ($1, $2, $3, $3, $4, $5, $6, $7)
     ON CONFLICT (provider_id, user_id) DO UPDATE SET updated_at = EXCLUDED.updated_at,
       oauth_access_token = EXCLUDED.oauth_access_token, oauth_refresh_token = EXCLUDED.oauth_refresh_token,
       oauth_expiry = EXCLUDED.oauth_expiry, oauth_extra = EXCLUDED.oauth_extra, oauth_refresh_failure_reason = ''
     RETURNING *`,
    [providerId, userId, now, tokens.accessToken, tokens.refreshToken, tokens.expiry, tokens.extra === null ? null : JSON.stringify(tokens.extra)],
  );
  return rows[0]!;
}

/**
 * Drops a refresh token the provider refused, keeping why; only if it is still the one refused
 * (a concurrent refresh may have replaced it). Answers the link as it now is.
 */
export async function dropRefreshToken(q: Queryable, link: ExternalAuthLinkRow, reason: string, now: Date): Promise<ExternalAuthLinkRow | undefined> {
  await q.query(
    `UPDATE external_auth_links SET oauth_refresh_token = '', oauth_refresh_failure_reason = $4, updated_at = $5
     WHERE provider_id = $1 AND user_id = $2 AND oauth_refresh_token = $3`,
    [link.provider_id, link.user_id, link.oauth_refresh_token, reason, now],
  );
  return getExternalAuthLink(q, link.provider_id, link.user_id);
}

export async function deleteExternalAuthLink(q: Queryable, providerId: string, userId: string): Promise<ExternalAuthLinkRow | undefined> {
  const { rows } = await q.query<ExternalAuthLinkRow>('DELETE FROM external_auth_links WHERE provider_id = $1 AND user_id = $2 RETURNING *', [providerId, userId]);
  return rows[0];
}
