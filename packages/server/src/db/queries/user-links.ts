import type { Queryable } from '../database';
import type { TokenCipher } from '../token-cipher';
import { openTokens, sealTokens, type SealedTokenColumns } from './sealed-tokens';
import type { UserRow } from './users';

/** The provider's tokens of a linked user, in the clear (empty when it gave none, or they cannot be read). */
export interface UserLinkTokens {
  accessToken: string;
  refreshToken: string;
  expiry: Date | null;
}

/** The live user linked to `linkedId` of the provider `loginType`. */
export async function getUserByLink(q: Queryable, loginType: 'oidc', linkedId: string): Promise<UserRow | undefined> {
  const { rows } = await q.query<UserRow>(
    `SELECT u.* FROM user_links l JOIN users u ON u.id = l.user_id
     WHERE l.login_type = $1 AND l.linked_id = $2 AND NOT u.deleted`,
    [loginType, linkedId],
  );
  return rows[0];
}

/** Links the user to the provider's account (replacing an older link of the same provider), with its latest tokens. */
export async function upsertUserLink(q: Queryable, cipher: TokenCipher, userId: string, loginType: 'oidc', linkedId: string, tokens: UserLinkTokens, now: Date): Promise<void> {
  const sealed = sealTokens(cipher, tokens.accessToken, tokens.refreshToken);
  await q.query(
    `INSERT INTO user_links (user_id, login_type, linked_id, created_at, oauth_access_token, oauth_access_token_key_id,
       oauth_refresh_token, oauth_refresh_token_key_id, oauth_expiry)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (user_id, login_type) DO UPDATE SET linked_id = EXCLUDED.linked_id,
       oauth_access_token = EXCLUDED.oauth_access_token, oauth_access_token_key_id = EXCLUDED.oauth_access_token_key_id,
       oauth_refresh_token = EXCLUDED.oauth_refresh_token, oauth_refresh_token_key_id = EXCLUDED.oauth_refresh_token_key_id,
       oauth_expiry = EXCLUDED.oauth_expiry`,
    [userId, loginType, linkedId, now, sealed.oauth_access_token, sealed.oauth_access_token_key_id, sealed.oauth_refresh_token, sealed.oauth_refresh_token_key_id, tokens.expiry],
  );
}

export async function getUserLinkTokens(q: Queryable, cipher: TokenCipher, userId: string, loginType: 'oidc'): Promise<UserLinkTokens | undefined> {
  const { rows } = await q.query<SealedTokenColumns & { oauth_expiry: Date | null }>('SELECT * FROM user_links WHERE user_id = $1 AND login_type = $2', [userId, loginType]);
  if (!rows[0]) return undefined;
  const { access, refresh } = openTokens(cipher, rows[0]);
  return { accessToken: access, refreshToken: refresh, expiry: rows[0].oauth_expiry };
}

export async function updateUserLinkTokens(q: Queryable, cipher: TokenCipher, userId: string, loginType: 'oidc', tokens: UserLinkTokens): Promise<void> {
  const sealed = sealTokens(cipher, tokens.accessToken, tokens.refreshToken);
  await q.query(
    `UPDATE user_links SET oauth_access_token = $3, oauth_access_token_key_id = $4, oauth_refresh_token = $5, oauth_refresh_token_key_id = $6, oauth_expiry = $7
     WHERE user_id = $1 AND login_type = $2`,
    [userId, loginType, sealed.oauth_access_token, sealed.oauth_access_token_key_id, sealed.oauth_refresh_token, sealed.oauth_refresh_token_key_id, tokens.expiry],
  );
}

export async function deleteUserLinks(q: Queryable, userId: string): Promise<void> {
  await q.query('DELETE FROM user_links WHERE user_id = $1', [userId]);
}
