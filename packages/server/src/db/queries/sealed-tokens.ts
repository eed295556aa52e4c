/**
 * The two token columns (access and refresh) that external_auth_links and user_links keep sealed
 * with the token cipher, each beside the id of the key that sealed it.
 */
import type { Queryable } from '../database';
import type { TokenCipher } from '../token-cipher';

export interface SealedTokenColumns {
  oauth_access_token: string;
  oauth_access_token_key_id: string | null;
  oauth_refresh_token: string;
  oauth_refresh_token_key_id: string | null;
}

/** The tokens in the clear, or `unreadable` with why (a key this server does not have). */
export function openTokens(cipher: TokenCipher, row: SealedTokenColumns): { access: string; refresh: string; unreadable?: string } {
  try {
    return {
      access: cipher.open({ value: row.oauth_access_token, keyId: row.oauth_access_token_key_id }),
      refresh: cipher.open({ value: row.oauth_refresh_token, keyId: row.oauth_refresh_token_key_id }),
    };
  } catch (err) {
    return { access: '', refresh: '', unreadable: (err as Error).message };
  }
}

/** The column values that store these tokens. */
export function sealTokens(cipher: TokenCipher, access: string, refresh: string): SealedTokenColumns {
  const a = cipher.seal(access);
  const r = cipher.seal(refresh);
  return { oauth_access_token: a.value, oauth_access_token_key_id: a.keyId, oauth_refresh_token: r.value, oauth_refresh_token_key_id: r.keyId };
}

/**
 * Re-seals every token of `table` that is not under the cipher's first key (rows keyed by
 * `keyColumns`). Answers how many rows were rewritten and how many could not be read.
 */
export async function reencryptTokens(
  q: Queryable,
  cipher: TokenCipher,
  table: 'external_auth_links' | 'user_links',
  keyColumns: readonly [string, string],
): Promise<{ rewritten: number; unreadable: number }> {
  const [k1, k2] = keyColumns;
  const { rows } = await q.query<SealedTokenColumns & Record<string, string>>(
    `SELECT * FROM ${table}
     WHERE (oauth_access_token <> '' AND oauth_access_token_key_id IS DISTINCT FROM $1)
        OR (oauth_refresh_token <> '' AND oauth_refresh_token_key_id IS DISTINCT FROM $1)
     FOR UPDATE`,
    [cipher.primaryKeyId ?? null],
  );
  let rewritten = 0;
  let unreadable = 0;
  for (const row of rows) {
    const tokens = openTokens(cipher, row);
    if (tokens.unreadable) {
      unreadable++;
      continue;
    }
    const sealed = sealTokens(cipher, tokens.access, tokens.refresh);
    await q.query(
      `UPDATE ${table} SET oauth_access_token = $3, oauth_access_token_key_id = $4, oauth_refresh_token = $5, oauth_refresh_token_key_id = $6
       WHERE ${k1} = $1 AND ${k2} = $2`,
      [row[k1], row[k2], sealed.oauth_access_token, sealed.oauth_access_token_key_id, sealed.oauth_refresh_token, sealed.oauth_refresh_token_key_id],
    );
    rewritten++;
  }
  return { rewritten, unreadable };
}
