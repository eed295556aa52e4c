import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

// OWASP's scrypt parameters: N=2^17, r=8, p=1 (128 MiB of memory per hash).
const PARAMS = { N: 1 << 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 };
const KEY_LENGTH = 32;

/** Hashes a password as `scrypt$N$r$p$<salt b64>$<hash b64>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, KEY_LENGTH, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = encoded.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const N = Number(n);
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: 256 * N * Number(r) + 1024 * 1024,
  });
  return timingSafeEqual(actual, expected);
}

/** A hash of a random password, compared against when the user does not exist, to keep timing flat. */
export const DUMMY_HASH_PROMISE = hashPassword(randomBytes(16).toString('hex'));

const MIN_LENGTH = 6;
const MAX_LENGTH = 64;
const MIN_ENTROPY_BITS = 52;

/**
 * Coder's password rule: 6–64 characters and an estimated entropy of at least 52 bits, where
 * entropy = log2(size of the character pool used) × length once long runs of one character and
 * common sequences are discounted. Returns a sentence explaining the failure, or undefined.
 */
export function passwordWeakness(password: string): string | undefined {
  if (password.length < MIN_LENGTH) return `Password must be at least ${MIN_LENGTH} characters long.`;
  if (password.length > MAX_LENGTH) return `Password must be at most ${MAX_LENGTH} characters long.`;
  if (passwordEntropy(password) < MIN_ENTROPY_BITS) {
    return 'Password is too easy to guess: use a longer password mixing upper and lower case letters, digits and symbols.';
  }
  return undefined;
}

export function passwordEntropy(password: string): number {
  let pool = 0;
  if (/[a-z]/.test(password)) pool += 26;
  if (/[A-Z]/.test(password)) pool += 26;
  if (/[0-9]/.test(password)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(password)) pool += 33;
  return Math.log2(pool || 1) * effectiveLength(password);
}

const SEQUENCES = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** Length after dropping characters that repeat a run of more than two, or continue a sequence. */
function effectiveLength(password: string): number {
  const lower = password.toLowerCase();
  let length = 0;
  for (let i = 0; i < lower.length; i++) {
    const c = lower[i]!;
    const repeats = i >= 2 && lower[i - 1] === c && lower[i - 2] === c;
    const continues = i >= 2 && SEQUENCES.some((s) => s.includes(lower.slice(i - 2, i + 1)));
    if (!repeats && !continues) length++;
  }
  return length;
}
