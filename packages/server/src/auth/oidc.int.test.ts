// Signing in with OpenID Connect against a real provider (npm oidc-provider): the authorization
// code flow with PKCE from the server's callback and back, new users and linked ones, and the
// refusals Coder makes.
import { SESSION_TOKEN_COOKIE, type Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestIdp, type TestIdp } from '../../../../test/support/oidc-provider';
import { OWNER, startTestServer, withOwner, type TestServer } from '../../../../test/support/server';

let idp: TestIdp;
let server: TestServer;
let strict: TestServer;
let owner: Client;
let strictOwner: Client;

const callback = (s: TestServer, redirect = '/workspaces') => `${s.url.origin}/api/v2/users/oidc/callback?redirect=${encodeURIComponent(redirect)}`;
const oidcFlags = () => ({ 'oidc-issuer-url': idp.issuer, 'oidc-client-id': idp.clientId, 'oidc-client-secret': idp.clientSecret });

/** Signs in as `account` and answers the session's user, or the error the server answered. */
async function signInAs(s: TestServer, account: TestIdp['next'], redirect?: string) {
  idp.next = account;
  const { response, serverCookies } = await signIn(callback(s, redirect), idp);
  const token = serverCookies.get(SESSION_TOKEN_COOKIE);
  return { response, token, me: token ? await s.client(token).user('me') : undefined };
}

beforeAll(async () => {
  idp = await startTestIdp();
  server = await startTestServer({ flags: { ...oidcFlags(), 'oidc-sign-in-text': 'Corporate SSO' } });
  strict = await startTestServer({
    flags: {
      ...oidcFlags(),
      'oidc-email-domain': 'corp.example',
      'oidc-allow-signups': 'false',
      'oidc-signups-disabled-text': 'Ask IT for a Warren account.',
      'oidc-auth-url-params': '{"prompt": "login"}',
      'disable-password-auth': 'true',
    },
  });
  idp.allowRedirects([server, strict].map((s) => `${s.url.origin}/api/v2/users/oidc/callback`));
  ({ client: owner } = await withOwner(server));
  ({ client: strictOwner } = await withOwner(strict));
});
afterAll(async () => {
  await server?.close();
  await strict?.close();
  await idp?.close();
});

describe('signing in with OpenID Connect', () => {
  it('offers the provider among the sign-in methods', async () => {
    expect(await (await fetch(new URL('/api/v2/users/authmethods', server.url))).json()).toMatchObject({
      password: { enabled: true },
      oidc: { enabled: true, signInText: 'Corporate SSO', iconUrl: '' },
    });
  });

  it('signs up a new user as a member, with a session, and returns to the page asked for', async () => {
    const { response, me } = await signInAs(server, { sub: 'alice-1', email: 'alice@corp.example', email_verified: true, preferred_username: 'Alice Smith', name: 'Alice Smith' });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('/workspaces');
    expect(me).toMatchObject({ username: 'Alice-Smith', email: 'alice@corp.example', name: 'Alice Smith', login_type: 'oidc', status: 'active', roles: [] });
    expect(me!.organization_ids).toHaveLength(1);
  });

  it('finds the same user by the provider link even after the email changed, and takes the new name', async () => {
    const { me } = await signInAs(server, { sub: 'alice-1', email: 'alice.smith@corp.example', preferred_username: 'asmith', name: 'Alice Smith-Jones' });
    expect(me).toMatchObject({ username: 'Alice-Smith', login_type: 'oidc', name: 'Alice Smith-Jones' });
    expect((await owner.users()).users.filter((u) => u.login_type === 'oidc')).toHaveLength(1);
  });

  it('gives a taken username a suffix, and falls back to the email for the name', async () => {
    const { me } = await signInAs(server, { sub: 'bob-1', email: 'owner@elsewhere.example' });
    expect(me!.username).toMatch(/^owner-[0-9a-f]{4}$/);
  });

  it('refuses an unverified email, a password user\'s email, and a suspended user', async () => {
    const unverified = await signInAs(server, { sub: 'carol-1', email: 'carol@corp.example', email_verified: false });
    expect(unverified.response.status).toBe(403);
    expect(((await unverified.response.json()) as { message: string }).message).toBe('Verify the "carol@corp.example" email address on your OIDC provider to authenticate!');
    expect(unverified.token).toBeUndefined();

    const password = await signInAs(server, { sub: 'mallory-1', email: 'owner@example.com' });
    expect(password.response.status).toBe(403);
    expect(((await password.response.json()) as { message: string }).message).toContain('user is of login type "password"');

    const alice = (await owner.users()).users.find((u) => u.username === 'Alice-Smith')!;
    await owner.updateUserStatus(alice.id, 'suspend');
    const suspended = await signInAs(server, { sub: 'alice-1', email: 'alice@corp.example' });
    expect(suspended.response.status).toBe(403);
    await owner.updateUserStatus(alice.id, 'activate');
  });

  it('refuses a callback whose state is not the one it sent, and sends nobody to another site', async () => {
    idp.next = { sub: 'dave-1', email: 'dave@corp.example' };
    const tampered = await signIn(callback(server), idp, (url) => {
      if (url.pathname === '/api/v2/users/oidc/callback' && url.searchParams.has('code')) url.searchParams.set('state', 'forged');
      return url;
    });
    expect(tampered.response.status).toBe(400);
    expect(((await tampered.response.json()) as { message: string }).message).toBe('State mismatched.');
    const { response } = await signInAs(server, { sub: 'dave-1', email: 'dave@corp.example' }, '//evil.example/steal');
    expect(response.headers.get('location')).toBe('/');
    const direct = await fetch(`${server.url.origin}/api/v2/users/oidc/callback?code=abc&state=xyz`);
    expect(direct.status).toBe(400);
    expect(((await direct.json()) as { message: string }).message).toBe('Cookie "oauth_state" must be provided.');
  });

  it("asks the provider with --oidc-auth-url-params (Coder's access_type=offline by default)", async () => {
    const authUrl = async (s: TestServer) => new URL((await fetch(callback(s), { redirect: 'manual' })).headers.get('location')!);
    expect((await authUrl(server)).searchParams.get('access_type')).toBe('offline');
    const custom = await authUrl(strict);
    expect([custom.searchParams.get('prompt'), custom.searchParams.get('access_type')]).toEqual(['login', null]);
  });

  it('sends a browser back to the sign-in page with the reason, and API clients the JSON', async () => {
    const html = await fetch(`${server.url.origin}/api/v2/users/oidc/callback?code=abc&state=xyz`, { redirect: 'manual', headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(html.status).toBe(303);
    expect(new URL(html.headers.get('location')!, server.url).searchParams.get('error')).toBe('Cookie "oauth_state" must be provided.');
    const json = await fetch(`${server.url.origin}/api/v2/users/oidc/callback?code=abc&state=xyz`, { redirect: 'manual', headers: { accept: 'application/json' } });
    expect(json.status).toBe(400);
  });

  it('keeps to the allowed email domains and to sign-ups being off', async () => {
    const outside = await signInAs(strict, { sub: 'erin-1', email: 'erin@elsewhere.example' });
    expect(outside.response.status).toBe(403);
    expect(((await outside.response.json()) as { message: string }).message).toBe('Your email "erin@elsewhere.example" is not in domains ["corp.example"]!');
    const newcomer = await signInAs(strict, { sub: 'frank-1', email: 'frank@corp.example' });
    expect(newcomer.response.status).toBe(403);
    expect(((await newcomer.response.json()) as { message: string }).message).toBe('Ask IT for a Warren account.');
  });

  it('keeps password sign-in to owners when password authentication is disabled', async () => {
    expect(await (await fetch(new URL('/api/v2/users/authmethods', strict.url))).json()).toMatchObject({ password: { enabled: false }, oidc: { enabled: true } });
    await strictOwner.createUser({ email: 'gina@corp.example', username: 'gina', password: 'Gina-has-a-long-passw0rd' });
    const refused = await fetch(new URL('/api/v2/users/login', strict.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'gina@corp.example', password: 'Gina-has-a-long-passw0rd' }),
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toBe('Password authentication is disabled. Only administrators can sign in with password authentication.');
    // The owner signed in with a password in beforeAll, and still can.
    expect((await strict.client().login(OWNER.email, OWNER.password)).session_token).toBeTruthy();
  });

  it('answers 404 where OpenID Connect is not configured', async () => {
    const plain = await startTestServer();
    try {
      const res = await fetch(`${plain.url.origin}/api/v2/users/oidc/callback`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { detail: string }).detail).toContain('not configured');
      expect(await (await fetch(new URL('/api/v2/users/authmethods', plain.url))).json()).toMatchObject({ oidc: { enabled: false } });
    } finally {
      await plain.close();
    }
  });
});
