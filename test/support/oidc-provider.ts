/**
 * A real OpenID Connect provider for tests (npm oidc-provider) on a loopback port. Its login and
 * consent steps finish at once as `next` says, so a sign-in is a chain of redirects a test can
 * follow with fetch; `signIn` does that from the server's callback to the signed-in session.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

export interface IdpAccount {
  sub: string;
  email: string;
  email_verified?: boolean;
  preferred_username?: string;
  name?: string;
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /**
   * A second client, an OAuth 2.0 application as external auth uses one: refresh tokens, the
   * device flow, client credentials in the request body.
   */
  oauthApp: { clientId: string; clientSecret: string };
  /** Lifetime of the access tokens issued from now on (a test of refreshing shortens it). */
  accessTokenTtlSeconds: number;
  /** Who signs in at the next login step. */
  next: IdpAccount;
  /** Registers the client with these redirect URIs (the servers' callbacks, known once they listen). */
  allowRedirects(redirectUris: string[]): void;
  close(): Promise<void>;
}

/** Listens at once (the issuer URL is known before any server starts); serves once `allowRedirects` is called. */
export async function startTestIdp(): Promise<TestIdp> {
  const accounts = new Map<string, IdpAccount>();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let provider: Provider | undefined;
  const idp: TestIdp = {
    issuer,
    clientId: 'warren',
    clientSecret: 'a-client-secret-for-tests-only-0123456789',
    next: { sub: 'nobody', email: 'nobody@example.com' },
    oauthApp: { clientId: 'warren-git', clientSecret: 'another-client-secret-for-tests-only-98765' },
    accessTokenTtlSeconds: 3600,
    allowRedirects(redirectUris) {
      provider = new Provider(issuer, configuration(redirectUris));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const configuration = (redirectUris: string[]): Configuration => ({
    clients: [
      { client_id: idp.clientId, client_secret: idp.clientSecret, redirect_uris: redirectUris, grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] },
      {
        client_id: idp.oauthApp.clientId,
        client_secret: idp.oauthApp.clientSecret,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: { AccessToken: () => idp.accessTokenTtlSeconds },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['preferred_username', 'name'] },
    features: { devInteractions: { enabled: false }, revocation: { enabled: true }, deviceFlow: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const account = accounts.get(sub);
      return account ? { accountId: sub, claims: () => ({ ...account }) } : undefined;
    },
    cookies: { keys: ['oidc-provider-test-cookie-key'] },
  });
  const interact = async (p: Provider, req: http.IncomingMessage, res: http.ServerResponse) => {
    const details = await p.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      accounts.set(idp.next.sub, idp.next);
      await p.interactionFinished(req, res, { login: { accountId: idp.next.sub } }, { mergeWithLastSubmission: false });
      return;
    }
    const grant = new p.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    await p.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  };
  server.on('request', (req, res) => {
    if (!provider) {
      res.statusCode = 503;
      return void res.end('no client registered yet');
    }
    if (!req.url?.startsWith('/interaction/')) return void provider.callback()(req, res);
    interact(provider, req, res).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  return idp;
}

/** Cookies of one site, as a browser would keep them (names and values only). */
class CookieJar {
  private readonly values = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const expired = attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()) || pair.slice(eq + 1) === '';
      if (expired) this.values.delete(name);
      else this.values.set(name, pair.slice(eq + 1));
    }
  }
  get(name: string): string | undefined {
    return this.values.get(name);
  }
  set(name: string, value: string): void {
    this.values.set(name, value);
  }
  header(): string {
    return [...this.values].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface SignInResult {
  /** The last response: the server's redirect after signing in, or the error it answered. */
  response: Response;
  /** The server's cookies at the end, the session among them. */
  serverCookies: CookieJar;
}

/**
 * Follows a sign-in from `start` (the server's callback URL, with `?redirect=`) through the
 * provider and back, keeping each site's cookies, until the server answers something other than a
 * redirect to the provider. `tamper` may change a URL before it is requested; `cookies` are the
 * server's to start with (a session, when linking an account rather than signing in).
 */
export async function signIn(start: string, idp: TestIdp, tamper: (url: URL) => URL = (u) => u, cookies: Record<string, string> = {}): Promise<SignInResult> {
  const serverCookies = new CookieJar();
  for (const [name, value] of Object.entries(cookies)) serverCookies.set(name, value);
  const idpCookies = new CookieJar();
  let url = new URL(start);
  for (let hops = 0; hops < 20; hops++) {
    url = tamper(url);
    const atIdp = url.origin === idp.issuer;
    const jar = atIdp ? idpCookies : serverCookies;
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(res);
    const location = res.headers.get('location');
    const leavingServer = !atIdp && location && new URL(location, url).origin === idp.issuer;
    if (!location || (!atIdp && !leavingServer)) return { response: res, serverCookies };
    url = new URL(location, url);
  }
  throw new Error('The sign-in did not finish within 20 redirects.');
}

/** The first form of a page: where it posts and its hidden fields. */
function formOf(html: string): { action: string; fields: URLSearchParams } | undefined {
  const form = /<form\b[^>]*\baction="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) return undefined;
  const fields = new URLSearchParams();
  for (const [input] of form[2]!.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]+)"/.exec(input)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(input)?.[1];
    if (name && value !== undefined && /type="hidden"/.test(input)) fields.set(name, value);
  }
  return { action: form[1]!.replaceAll('&amp;', '&'), fields };
}

/**
 * The user's side of the device flow at the provider, as a browser does it: opens the verification
 * page for `userCode`, submits its forms (the code, then the confirmation) and follows the
 * provider's redirects through the login (as `idp.next`) to its success page, whose status it answers.
 */
export async function approveDeviceCode(idp: TestIdp, userCode: string): Promise<number> {
  const jar = new CookieJar();
  let request: { url: URL; body?: URLSearchParams } = { url: new URL(`/device?${new URLSearchParams({ user_code: userCode })}`, idp.issuer) };
  for (let steps = 0; steps < 20; steps++) {
    const res = await fetch(request.url, {
      method: request.body ? 'POST' : 'GET',
      redirect: 'manual',
      body: request.body,
      headers: { cookie: jar.header(), ...(request.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    });
    jar.take(res);
    const location = res.headers.get('location');
    const form = location ? undefined : formOf(await res.text());
    if (location) request = { url: new URL(location, request.url) };
    else if (form) request = { url: new URL(form.action, request.url), body: form.fields };
    else return res.status;
  }
  throw new Error('The device approval did not finish within 20 steps.');
}

/**
 * The server environment of one external auth provider, `corp-git`, backed by the test provider's
 * OAuth app (generic type, validated at its userinfo endpoint); `more` adds or overrides fields
 * (`REGEX`, `DEVICE_FLOW`, ... without the `CODER_EXTERNAL_AUTH_<index>_` prefix).
 */
export function externalAuthEnv(idp: TestIdp, more: Record<string, string> = {}, index = 0): Record<string, string> {
  const fields: Record<string, string> = {
    ID: 'corp-git',
    TYPE: 'corp',
    CLIENT_ID: idp.oauthApp.clientId,
    CLIENT_SECRET: idp.oauthApp.clientSecret,
    AUTH_URL: `${idp.issuer}/auth`,
    TOKEN_URL: `${idp.issuer}/token`,
    VALIDATE_URL: `${idp.issuer}/me`,
    SCOPES: 'openid',
    ...more,
  };
  return Object.fromEntries(Object.entries(fields).map(([name, value]) => [`CODER_EXTERNAL_AUTH_${index}_${name}`, value]));
}
