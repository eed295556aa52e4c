import { describe, expect, it } from 'vitest';
import { generateApiKey, parseApiKey, secretMatches } from './api-key-secret';
import { LoginThrottle } from './login-throttle';
import { hashPassword, passwordWeakness, verifyPassword } from './passwords';

describe('API key secrets', () => {
  it('generates <10>-<22> keys whose secret matches only its own hash', () => {
    const a = generateApiKey();
    expect(a.key).toMatch(/^[a-zA-Z0-9]{10}-[a-zA-Z0-9]{22}$/);
    const parsed = parseApiKey(a.key)!;
    expect(parsed).toEqual({ id: a.id, secret: a.secret });
    expect(secretMatches(a.secret, a.hashedSecret)).toBe(true);
    expect(secretMatches(generateApiKey().secret, a.hashedSecret)).toBe(false);
  });

  it('rejects malformed tokens', () => {
    for (const bad of ['', 'abc', 'abcdefghij-short', 'abcdefghij_abcdefghijklmnopqrstuv', `${'a'.repeat(10)}-${'b'.repeat(23)}`]) {
      expect(parseApiKey(bad)).toBeUndefined();
    }
  });
});

describe('passwords', () => {
  it('hashes with scrypt and verifies', async () => {
    const hash = await hashPassword('Correct-Horse-9');
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword('Correct-Horse-9', hash)).toBe(true);
    expect(await verifyPassword('correct-horse-9', hash)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
  });

  it('applies the strength rule', () => {
    expect(passwordWeakness('')).toMatch(/at least 6/);
    expect(passwordWeakness('password')).toMatch(/too easy/);
    expect(passwordWeakness('aaaaaaaaaaaaaaaaaaaaaaaa')).toMatch(/too easy/);
    expect(passwordWeakness('abcdefghijklmnop')).toMatch(/too easy/);
    expect(passwordWeakness('x'.repeat(65))).toMatch(/at most 64/);
    expect(passwordWeakness('Sup3r-Secret-Passw0rd!')).toBeUndefined();
    expect(passwordWeakness('tr0ub4dor&3horse')).toBeUndefined();
  });
});

describe('login throttle', () => {
  it('lets a few failures through, then delays more and more, and forgets after the window', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => new Date(now), 3, 60_000, 4_000);
    const keys = ['login:a@example.com'];
    for (let i = 0; i < 3; i++) {
      expect(throttle.delayFor(keys)).toBe(0);
      throttle.recordFailure(keys);
    }
    expect(throttle.delayFor(keys)).toBe(250);
    throttle.recordFailure(keys);
    expect(throttle.delayFor(keys)).toBe(500);
    for (let i = 0; i < 10; i++) throttle.recordFailure(keys);
    expect(throttle.delayFor(keys)).toBe(4_000);
    expect(throttle.delayFor(['login:other'])).toBe(0);
    now = 61_000;
    expect(throttle.delayFor(keys)).toBe(0);
    throttle.recordFailure(keys);
    throttle.recordSuccess(keys);
    expect(throttle.delayFor(keys)).toBe(0);
  });
});
