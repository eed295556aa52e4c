import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyIdOf, parseEncryptionKeys, TokenCipher } from './token-cipher';

const oldKey = randomBytes(32);
const newKey = randomBytes(32);

describe('the token cipher', () => {
  it('encrypts under the first key, and opens values of every key it has', () => {
    const before = new TokenCipher([oldKey]).seal('gho_secret');
    expect(before.keyId).toBe(keyIdOf(oldKey));
    expect(before.value).not.toContain('gho_secret');
    const rotating = new TokenCipher([newKey, oldKey]);
    expect(rotating.open(before)).toBe('gho_secret');
    const after = rotating.seal('gho_secret');
    expect(after.keyId).toBe(keyIdOf(newKey));
    expect(after.value).not.toBe(before.value);
    expect(new TokenCipher([newKey]).open(after)).toBe('gho_secret');
  });

  it('refuses a value of a key it does not have, or one that was altered', () => {
    const sealed = new TokenCipher([oldKey]).seal('gho_secret');
    expect(() => new TokenCipher([newKey]).open(sealed)).toThrow(`encrypted with key ${keyIdOf(oldKey)}`);
    const altered = Buffer.from(sealed.value, 'base64');
    altered[14]! ^= 1;
    expect(() => new TokenCipher([oldKey]).open({ ...sealed, value: altered.toString('base64') })).toThrow();
  });

  it('stores values as they are without keys, and an empty value always', () => {
    expect(new TokenCipher().seal('plain')).toEqual({ value: 'plain', keyId: null });
    expect(new TokenCipher([oldKey]).seal('')).toEqual({ value: '', keyId: null });
    expect(new TokenCipher([oldKey]).open({ value: 'plain', keyId: null })).toBe('plain');
  });

  it('takes only 32-byte base64 keys', () => {
    expect(parseEncryptionKeys([oldKey.toString('base64')])[0]!.equals(oldKey)).toBe(true);
    expect(() => parseEncryptionKeys([randomBytes(16).toString('base64')])).toThrow('key 1 must be 32 bytes encoded in base64 (it decodes to 16 bytes)');
    expect(() => parseEncryptionKeys([oldKey.toString('base64'), 'not base64!'])).toThrow('key 2 must be 32 bytes');
  });
});
