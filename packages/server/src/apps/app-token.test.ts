import { describe, expect, it } from 'vitest';
import { AppSecrets, type AppTokenPayload } from './app-token';

/** The text with one character changed, inside the text, where every base64 digit carries 6 whole bits. */
const changeOneChar = (text: string, at = 5) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;

const payload = (expiresAt: number): AppTokenPayload => ({
  app: 'path:/@a/w/apps/s', agentId: 'agent', agentName: 'main', port: 8080, https: false, basePath: '/', baseQuery: '', userId: 'u', expiresAt,
});

describe('signed app tokens', () => {
  it('verify until they expire, and only with the key that signed them', () => {
    const secrets = AppSecrets.forTesting();
    const token = secrets.sign(payload(2000));
    expect(secrets.verify(token, 1000)).toEqual(payload(2000));
    expect(secrets.verify(token, 2000)).toBeUndefined();
    expect(AppSecrets.forTesting().verify(token, 1000)).toBeUndefined();
  });

  it('refuse a changed payload or signature', () => {
    const secrets = AppSecrets.forTesting();
    const [body, mac] = secrets.sign(payload(2000)).split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...payload(2000), userId: 'someone-else' })).toString('base64url');
    expect(secrets.verify(`${forged}.${mac}`, 1000)).toBeUndefined();
    expect(secrets.verify(`${body}.${changeOneChar(mac)}`, 1000)).toBeUndefined();
    expect(secrets.verify('garbage', 1000)).toBeUndefined();
  });
});

describe('sealed keys', () => {
  it('open before their deadline with the same secrets only', () => {
    const secrets = AppSecrets.forTesting();
    const sealed = secrets.seal('abc-def', 5000);
    expect(sealed).not.toContain('abc');
    expect(secrets.unseal(sealed, 4000)).toBe('abc-def');
    expect(secrets.unseal(sealed, 5000)).toBeUndefined();
    expect(AppSecrets.forTesting().unseal(sealed, 4000)).toBeUndefined();
    expect(secrets.unseal(changeOneChar(sealed), 4000)).toBeUndefined();
  });
});
