// Moving a password account to OpenID Connect through a real provider (npm oidc-provider): the
// password authorizes a conversion state, the sign-in started with it converts the account and
// ends its password sessions; a missing cookie, another account's email or an unknown one refuse.
import { SESSION_TOKEN_COOKIE, SESSION_TOKEN_HEADER, type Client, type OAuthConversionResponse } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestIdp, type TestIdp } from '../../../../test/support/oidc-provider';
import { apiErrorOf, OWNER, startTestServer, withOwner, type TestServer } from '../../../../test/support/server';
import { CONVERT_COOKIE } from './convert-login';

let idp: TestIdp;
let server: TestServer;
let owner: Client;

const PASSWORD = 'Conv3rt-me-with-a-long-pass';

/** A new password member and their session token. */
async function passwordMember(username: string): Promise<{ token: string; client: Client }> {
  await owner.createUser({ email: `${username}@corp.example`, username, password: PASSWORD });
  const token = (await server.client().login(username, PASSWORD)).session_token;
  return { token, client: server.client(token) };
}

/** POST convert-login as a browser would: the state, and the cookie that must come back with the sign-in. */
async function startConversion(token: string): Promise<{ state: string; cookie: string }> {
  const res = await fetch(new URL('/api/v2/users/me/convert-login', server.url), {
    method: 'POST',
    headers: { [SESSION_TOKEN_HEADER]: token, 'content-type': 'application/json' },
    body: JSON.stringify({ to_type: 'oidc', password: PASSWORD }),
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as OAuthConversionResponse;
  expect(body).toMatchObject({ to_type: 'oidc', state_string: expect.stringMatching(/^convert-/) });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${CONVERT_COOKIE}=`))!;
  return { state: body.state_string, cookie: cookie.split(';')[0]!.slice(CONVERT_COOKIE.length + 1) };
}

function signInToConvert(state: string, email: string, cookie?: string) {
  idp.next = { sub: `sub-${email}`, email, email_verified: true };
  const start = `${server.url.origin}/api/v2/users/oidc/callback?${new URLSearchParams({ oidc_merge_state: state, redirect: '/settings/account' })}`;
  return signIn(start, idp, undefined, cookie ? { [CONVERT_COOKIE]: cookie } : {});
}

beforeAll(async () => {
  idp = await startTestIdp();
  server = await startTestServer({ flags: { 'oidc-issuer-url': idp.issuer, 'oidc-client-id': idp.clientId, 'oidc-client-secret': idp.clientSecret } });
  idp.allowRedirects([`${server.url.origin}/api/v2/users/oidc/callback`]);
  ({ client: owner } = await withOwner(server));
});
afterAll(async () => {
  await server?.close();
  await idp?.close();
});

describe('converting a password account to OpenID Connect', () => {
  it('needs the password, and a login type it can convert to', async () => {
    const { client } = await passwordMember('dana');
    const wrong = await apiErrorOf(client.convertLogin('me', { to_type: 'oidc', password: 'not-the-password' }));
    expect([wrong.status, wrong.response.message]).toEqual([401, 'Incorrect email or password.']);
    expect((await apiErrorOf(client.convertLogin('me', { to_type: 'token', password: PASSWORD }))).response.message).toBe('Cannot convert to login type "token".');
    expect((await apiErrorOf(client.convertLogin('me', { to_type: 'saml', password: PASSWORD }))).response.message).toBe('Unknown login type "saml".');
    expect((await apiErrorOf(client.convertLogin('me', { to_type: 'github', password: PASSWORD }))).status).toBe(400);
    // Another user's account is not the caller's to convert.
    expect((await apiErrorOf(client.convertLogin(OWNER.username, { to_type: 'oidc', password: OWNER.password }))).status).toBe(404);
  });

  it('converts the account the provider signs in as, signs it in with OIDC and ends its password sessions', async () => {
    const { token, client } = await passwordMember('erin');
    const { state, cookie } = await startConversion(token);
    const { response, serverCookies } = await signInToConvert(state, 'erin@corp.example', cookie);
    expect([response.status, response.headers.get('location')]).toEqual([307, '/settings/account']);
    const session = serverCookies.get(SESSION_TOKEN_COOKIE)!;
    expect(await server.client(session).user('me')).toMatchObject({ username: 'erin', login_type: 'oidc' });
    expect((await apiErrorOf(client.user('me'))).status).toBe(401);
    expect((await apiErrorOf(server.client().login('erin', PASSWORD))).status).toBe(401);
    // Signing in again with the provider finds the converted account.
    idp.next = { sub: 'sub-erin@corp.example', email: 'erin@corp.example' };
    const again = await signIn(`${server.url.origin}/api/v2/users/oidc/callback`, idp);
    expect((await server.client(again.serverCookies.get(SESSION_TOKEN_COOKIE)).user('me')).username).toBe('erin');
  });

  it("refuses without the conversion's cookie, with another account's email, or an email of no account", async () => {
    const { token } = await passwordMember('fred');
    const first = await startConversion(token);
    const noCookie = await signInToConvert(first.state, 'fred@corp.example');
    expect([noCookie.response.status, ((await noCookie.response.json()) as { message: string }).message]).toEqual([
      400,
      'Convert to oauth cookie not found. Missing signed jwt to authorize this action. Please try again.',
    ]);
    const second = await startConversion(token);
    const otherAccount = await signInToConvert(second.state, OWNER.email, second.cookie);
    expect([otherAccount.response.status, ((await otherAccount.response.json()) as { message: string }).message]).toEqual([403, 'Request to convert login type from password to oidc failed']);
    const third = await startConversion(token);
    const nobody = await signInToConvert(third.state, 'nobody@corp.example', third.cookie);
    expect(nobody.response.status).toBe(400);
    expect(((await nobody.response.json()) as { message: string }).message).toContain('does not match the email of the account you are trying to convert');
    expect((await server.client(token).user('me')).login_type).toBe('password');
  });
});
