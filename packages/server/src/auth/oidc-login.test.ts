import { describe, expect, it } from 'vitest';
import { resolveOidc } from '../config/oidc-options';
import { usernameFrom } from './oidc-login';

describe('usernameFrom', () => {
  it.each([
    ['alice', 'alice'],
    ['Alice Smith', 'Alice-Smith'],
    ['alice.smith+work', 'alice-smith-work'],
    ['--ü--', 'user'],
    ['a'.repeat(40), 'a'.repeat(32)],
    [`${'a'.repeat(31)}.b`, 'a'.repeat(31)],
  ])('makes %j a valid username: %j', (claim, username) => {
    expect(usernameFrom(claim)).toBe(username);
  });
});

describe('resolveOidc', () => {
  it('is off without an issuer and a client id, and refuses half a configuration', () => {
    expect(resolveOidc({})).toBeUndefined();
    expect(() => resolveOidc({ 'oidc-issuer-url': 'https://id.example.com' })).toThrow('needs both --oidc-issuer-url and --oidc-client-id');
    expect(() => resolveOidc({ 'oidc-issuer-url': 'id.example.com', 'oidc-client-id': 'w' })).toThrow('is not a URL');
    expect(() => resolveOidc({ 'oidc-issuer-url': 'ftp://id.example.com', 'oidc-client-id': 'w' })).toThrow('http or https');
  });

  it("takes Coder's defaults, and lists by comma", () => {
    expect(resolveOidc({ 'oidc-issuer-url': 'https://id.example.com/realms/x', 'oidc-client-id': 'warren', 'oidc-email-domain': 'Corp.example, lab.example' })).toMatchObject({
      clientSecret: '',
      emailDomains: ['corp.example', 'lab.example'],
      allowSignups: true,
      scopes: ['openid', 'profile', 'email'],
      usernameField: 'preferred_username',
      emailField: 'email',
      nameField: 'name',
      authUrlParams: { access_type: 'offline' },
      ignoreEmailVerified: false,
      signInText: 'OpenID Connect',
    });
    expect(resolveOidc({ 'oidc-issuer-url': 'https://id.example.com', 'oidc-client-id': 'w', 'oidc-allow-signups': 'false' })?.allowSignups).toBe(false);
  });

  it('reads the auth URL parameters as a JSON object of strings', () => {
    const base = { 'oidc-issuer-url': 'https://id.example.com', 'oidc-client-id': 'warren' };
    expect(resolveOidc({ ...base, 'oidc-auth-url-params': '{"prompt": "login", "hd": "corp.example"}' })!.authUrlParams).toEqual({ prompt: 'login', hd: 'corp.example' });
    expect(resolveOidc({ ...base, 'oidc-auth-url-params': '{}' })!.authUrlParams).toEqual({});
    expect(() => resolveOidc({ ...base, 'oidc-auth-url-params': 'access_type=offline' })).toThrow('--oidc-auth-url-params must be a JSON object');
    expect(() => resolveOidc({ ...base, 'oidc-auth-url-params': '{"max_age": 3600}' })).toThrow('a JSON object of strings');
  });
});
