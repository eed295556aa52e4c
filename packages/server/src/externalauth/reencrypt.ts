import type { Logger } from 'pino';
import type { Database } from '../db/database';
import { reencryptTokens } from '../db/queries/sealed-tokens';
import type { TokenCipher } from '../db/token-cipher';

/**
 * At start: every stored OAuth token (external auth links, OIDC user links) under the first
 * `--external-token-encryption-keys` key (this
 * finishes a rotation, and encrypts tokens stored before keys were set). Tokens of a key the server
 * does not have stay as they are, unreadable, and are reported.
 */
export async function reencryptTokensAtStart(db: Database, cipher: TokenCipher, log: Logger): Promise<void> {
  const { rewritten, unreadable } = await db.tx(async (q) => {
    const links = await reencryptTokens(q, cipher, 'external_auth_links', ['provider_id', 'user_id']);
    const users = await reencryptTokens(q, cipher, 'user_links', ['user_id', 'login_type']);
    return { rewritten: links.rewritten + users.rewritten, unreadable: links.unreadable + users.unreadable };
  });
  if (rewritten) log.info({ links: rewritten, key: cipher.primaryKeyId }, 'stored OAuth tokens encrypted with the first --external-token-encryption-keys key');
  if (unreadable) {
    log.warn({ links: unreadable }, 'stored OAuth tokens encrypted with a key not among --external-token-encryption-keys cannot be read; their users must link their accounts or sign in again');
  }
}
