import type { Logger } from 'pino';
import type { Database } from '../db/database';
import { reencryptExternalAuthLinks } from '../db/queries/external-auth-links';
import type { TokenCipher } from '../db/token-cipher';

/**
 * At start: every stored token under the first `--external-token-encryption-keys` key (this
 * finishes a rotation, and encrypts tokens stored before keys were set). Tokens of a key the server
 * does not have stay as they are, unreadable, and are reported.
 */
export async function reencryptTokensAtStart(db: Database, cipher: TokenCipher, log: Logger): Promise<void> {
  const { rewritten, unreadable } = await db.tx((q) => reencryptExternalAuthLinks(q, cipher));
  if (rewritten) log.info({ links: rewritten, key: cipher.primaryKeyId }, 'external auth tokens encrypted with the first --external-token-encryption-keys key');
  if (unreadable) {
    log.warn({ links: unreadable }, 'external auth tokens encrypted with a key not among --external-token-encryption-keys cannot be read; their users must link their accounts again');
  }
}
