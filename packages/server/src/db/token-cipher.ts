/**
 * Encryption at rest of the OAuth tokens Warren must hand back out (external auth links), with
 * Coder's `--external-token-encryption-keys`: AES-256-GCM under the first key; the others only
 * decrypt, so keys rotate by putting a new one first (the server re-encrypts every link with it
 * at start) and dropping the old one afterwards. A value remembers its key by the first 7 hex
 * digits of the key's SHA-256; without keys, values are stored as they are (key id null).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealed {
  value: string;
  keyId: string | null;
}

/** The key id a value encrypted with `key` carries. */
export const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 7);

/** Parses the option's base64 keys; each must decode to exactly 32 bytes. */
export function parseEncryptionKeys(encoded: string[]): Buffer[] {
  return encoded.map((text, i) => {
    const key = Buffer.from(text, 'base64');
    if (key.length !== 32 || key.toString('base64').replace(/=+$/, '') !== text.trim().replace(/=+$/, '')) {
      throw new Error(`--external-token-encryption-keys: key ${i + 1} must be 32 bytes encoded in base64 (it decodes to ${key.length} bytes).`);
    }
    return key;
  });
}

export class TokenCipher {
  private readonly keys: Map<string, Buffer>;
  /** The id of the key new values are encrypted with; undefined stores them as they are. */
  readonly primaryKeyId: string | undefined;

  constructor(keys: Buffer[] = []) {
    this.keys = new Map(keys.map((k) => [keyIdOf(k), k]));
    this.primaryKeyId = keys[0] ? keyIdOf(keys[0]) : undefined;
  }

  hasKey(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  seal(plain: string): Sealed {
    if (!this.primaryKeyId || plain === '') return { value: plain, keyId: null };
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.primaryKeyId)!, nonce);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return { value: Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64'), keyId: this.primaryKeyId };
  }

  /** The plain value; throws when its key is not one of this server's or the value was altered. */
  open(sealed: Sealed): string {
    if (sealed.keyId === null) return sealed.value;
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new Error(`encrypted with key ${sealed.keyId}, which is not among --external-token-encryption-keys`);
    const raw = Buffer.from(sealed.value, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE_BYTES));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}
