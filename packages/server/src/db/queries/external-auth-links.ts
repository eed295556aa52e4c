import type { Queryable } from '../database';
import type { TokenCipher } from '../token-cipher';
import { openTokens, sealTokens, type SealedTokenColumns } from './sealed-tokens';

/** A link with its tokens decrypted. Tokens that cannot be decrypted read as empty, with `unreadable` saying why. */
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
  unreadable?: string;
}

type StoredRow = Omit<ExternalAuthLinkRow, 'unreadable'> & SealedTokenColumns;

/** What a token exchange or refresh gives a link. */
export interface LinkTokens {
  accessToken: string;
  refreshToken: string;
  expiry: Date | null;
  extra: Record<string, unknown> | null;
}

function opened(cipher: TokenCipher, row: StoredRow): ExternalAuthLinkRow {
  const { oauth_access_token_key_id: _access, oauth_refresh_token_key_id: _refresh, ...link } = row;
  const tokens = openTokens(cipher, row);
  return { ...link, oauth_access_token: tokens.access, oauth_refresh_token: tokens.refresh, ...(tokens.unreadable ? { unreadable: tokens.unreadable } : {}) };
}

export async function getExternalAuthLink(q: Queryable, cipher: TokenCipher, providerId: string, userId: string): Promise<ExternalAuthLinkRow | undefined> {
  const { rows } = await q.query<StoredRow>('SELECT * FROM external_auth_links WHERE provider_id = $1 AND user_id = $2', [providerId, userId]);
  return rows[0] && opened(cipher, rows[0]);
}

export async function listExternalAuthLinks(q: Queryable, cipher: TokenCipher, userId: string): Promise<ExternalAuthLinkRow[]> {
  const { rows } = await q.query<StoredRow>('SELECT * FROM external_auth_links WHERE user_id = $1 ORDER BY provider_id', [userId]);
  return rows.map((r) => opened(cipher, r));
}

/** Stores new tokens (a first link, or a new sign-in or refresh of an existing one); clears a refresh failure. */
export async function upsertExternalAuthLink(q: Queryable, cipher: TokenCipher, providerId: string, userId: string, tokens: LinkTokens, now: Date): Promise<ExternalAuthLinkRow> {
  const sealed = sealTokens(cipher, tokens.accessToken, tokens.refreshToken);
  const { rows } = await q.query<StoredRow>(
    `INSERT INTO external_auth_links (provider_id, user_id, created_at, updated_at, oauth_access_token, oauth_access_token_key_id,
       oauth_refresh_token, oauth_refresh_token_key_id, oauth_expiry, oauth_extra)
     VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (provider_id, user_id) DO UPDATE SET updated_at = EXCLUDED.updated_at,
       oauth_access_token = EXCLUDED.oauth_access_token, oauth_access_token_key_id = EXCLUDED.oauth_access_token_key_id,
       oauth_refresh_token = EXCLUDED.oauth_refresh_token, oauth_refresh_token_key_id = EXCLUDED.oauth_refresh_token_key_id,
       oauth_expiry = EXCLUDED.oauth_expiry, oauth_extra = EXCLUDED.oauth_extra, oauth_refresh_failure_reason = ''
     RETURNING *`,
    [
      providerId,
      userId,
      now,
      sealed.oauth_access_token,
      sealed.oauth_access_token_key_id,
      sealed.oauth_refresh_token,
      sealed.oauth_refresh_token_key_id,
      tokens.expiry,
      tokens.extra === null ? null : JSON.stringify(tokens.extra),
    ],
  );
  return opened(cipher, rows[0]!);
}

/**
 * Drops a refresh token the provider refused, keeping why; only if the link is still as it was
 * read (a concurrent refresh may have replaced it). Answers the link as it now is.
 */
export async function dropRefreshToken(q: Queryable, cipher: TokenCipher, link: ExternalAuthLinkRow, reason: string, now: Date): Promise<ExternalAuthLinkRow | undefined> {
  await q.query(
    `UPDATE external_auth_links SET oauth_refresh_token = '', oauth_refresh_token_key_id = NULL, oauth_refresh_failure_reason = $4, updated_at = $5
     WHERE provider_id = $1 AND user_id = $2 AND updated_at = $3`,
    [link.provider_id, link.user_id, link.updated_at, reason, now],
  );
  return getExternalAuthLink(q, cipher, link.provider_id, link.user_id);
}

export async function deleteExternalAuthLink(q: Queryable, cipher: TokenCipher, providerId: string, userId: string): Promise<ExternalAuthLinkRow | undefined> {
  const { rows } = await q.query<StoredRow>('DELETE FROM external_auth_links WHERE provider_id = $1 AND user_id = $2 RETURNING *', [providerId, userId]);
  return rows[0] && opened(cipher, rows[0]);
}
