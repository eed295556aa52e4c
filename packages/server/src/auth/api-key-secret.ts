import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const KEY_ID_LENGTH = 10;
export const KEY_SECRET_LENGTH = 22;

function randomString(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export interface GeneratedKey {
  id: string;
  secret: string;
  hashedSecret: Buffer;
  /** What the user receives: `<id>-<secret>`. */
  key: string;
}

export function generateApiKey(): GeneratedKey {
  const id = randomString(KEY_ID_LENGTH);
  const secret = randomString(KEY_SECRET_LENGTH);
  return { id, secret, hashedSecret: hashSecret(secret), key: `${id}-${secret}` };
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** Splits `<id>-<secret>`; undefined when the token is not in that form. */
export function parseApiKey(token: string): { id: string; secret: string } | undefined {
  const match = /^([a-zA-Z0-9]{10})-([a-zA-Z0-9]{22})$/.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

export function secretMatches(secret: string, hashed: Buffer): boolean {
  const candidate = hashSecret(secret);
  return candidate.length === hashed.length && timingSafeEqual(candidate, hashed);
}
