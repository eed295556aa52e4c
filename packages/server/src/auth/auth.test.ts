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
  it('lets a few failures through, then blocks longer and longer, and forgets after the window', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => new Date(now), { perAccount: 3, perAddress: 10 }, 60_000, 1_000, 4_000);
    const keys = LoginThrottle.keys('A@example.com', '10.0.0.1');
    for (let i = 0; i < 2; i++) {
      expect(throttle.waitFor(keys)).toBe(0);
      throttle.recordFailure(keys);
    }
    throttle.recordFailure(keys);
    expect(throttle.waitFor(keys)).toBe(1_000);
    now += 1_000;
    expect(throttle.waitFor(keys)).toBe(0);
    throttle.recordFailure(keys);
    expect(throttle.waitFor(keys)).toBe(2_000);
    for (let i = 0; i < 10; i++) throttle.recordFailure(keys);
    expect(throttle.waitFor(keys)).toBe(4_000);
    // Another account from another address is not held back.
    expect(throttle.waitFor(LoginThrottle.keys('b@example.com', '10.0.0.2'))).toBe(0);
    // The address is: it failed past its own limit too.
    expect(throttle.waitFor(LoginThrottle.keys('b@example.com', '10.0.0.1'))).toBe(4_000);
    now = 200_000;
    expect(throttle.waitFor(keys)).toBe(0);
  });

  it('forgets an account on success but not the address', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => new Date(now), { perAccount: 2, perAddress: 2 }, 60_000, 1_000, 4_000);
    const keys = LoginThrottle.keys('a', '10.0.0.1');
    throttle.recordFailure(keys);
    throttle.recordFailure(keys);
    now += 1_000;
    throttle.recordSuccess(keys);
    expect(throttle.waitFor(LoginThrottle.keys('a', '10.0.0.9'))).toBe(0);
    throttle.recordFailure(LoginThrottle.keys('c', '10.0.0.1'));
    expect(throttle.waitFor(LoginThrottle.keys('d', '10.0.0.1'))).toBe(2_000);
  });
});
