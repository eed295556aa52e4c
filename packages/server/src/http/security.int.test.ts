import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER, OWNER, startTestServer, withMember, withOwner, type TestServer } from '../../../../test/support/server';

/** A request as a browser or a script would send it: raw headers, the answer's status, headers and JSON. */
async function send(server: TestServer, path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const res = await fetch(new URL(path, server.url), {
    method: init.method ?? 'GET',
    headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    redirect: 'manual',
  });
  const text = await res.text();
  let json: { message?: string; detail?: string; session_token?: string } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // not JSON: pages and plain text
  }
  return { status: res.status, headers: res.headers, json };
}

describe('security headers, session cookie and cross-site requests', () => {
  let server: TestServer;
  let ownerToken: string;
  let cookie: string;
  let setCookie: string;

  beforeAll(async () => {
    server = await startTestServer({ flags: { 'strict-transport-security': '31536000' } });
    await withOwner(server);
    const login = await send(server, '/api/v2/users/login', { method: 'POST', body: { email: OWNER.email, password: OWNER.password } });
    expect(login.status).toBe(201);
    ownerToken = login.json.session_token!;
    setCookie = login.headers.get('set-cookie') ?? '';
    cookie = setCookie.split(';')[0]!;
  });
  afterAll(() => server?.close());

  it('answers the API with nosniff, no framing and a same-origin referrer policy, and no HSTS over plain HTTP', async () => {
    for (const path of ['/api/v2/buildinfo', '/api/v2/users/me', '/api/v2/nothing-here']) {
      const res = await send(server, path);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
    }
  });

  it('names every request with its own id, the one its log lines carry', async () => {
    const ids: Array<string | null> = [];
    for (const path of ['/api/v2/buildinfo', '/api/v2/buildinfo', '/api/v2/nothing-here']) {
      ids.push((await send(server, path)).headers.get('x-coder-request-id'));
    }
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(3);
  });

  it('sends the dashboard page with its content security policy', async () => {
    const res = await send(server, '/workspaces');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    if (res.status === 200) expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    else expect(res.status).toBe(503); // dashboard not built in this checkout: the page saying so
  });

  it('leaves workspace apps out of the dashboard headers: the app proxy answers them', async () => {
    const res = await send(server, '/@owner/nothing/apps/code/', { headers: { cookie } });
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, not Secure over plain HTTP without --secure-auth-cookie', () => {
    expect(setCookie).toMatch(/^coder_session_token=[^;]+;/);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Lax/i);
    expect(setCookie).not.toMatch(/; Secure/i);
  });

  it('refuses a change authenticated only by the cookie from another origin or from nowhere', async () => {
    const body = { token_name: 'forged' };
    const path = '/api/v2/users/me/keys/tokens';
    const forged: Array<Record<string, string>> = [{ origin: 'https://evil.example' }, { origin: 'null' }, { referer: 'https://evil.example/page' }, { 'sec-fetch-site': 'cross-site' }, {}];
    for (const headers of forged) {
      const res = await send(server, path, { method: 'POST', headers: { cookie, ...headers }, body });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.json.message).toMatch(/Cross-site request refused/);
    }
    const listed = await send(server, `${path}?include_all=true`, { headers: { cookie, origin: 'https://evil.example' } });
    expect(listed.status).toBe(200); // reads are not changes
  });

  it('lets the dashboard own origin and token holders through', async () => {
    const path = '/api/v2/users/me/keys/tokens';
    const own = await send(server, path, { method: 'POST', headers: { cookie, origin: server.url.origin }, body: { token_name: 'same-origin' } });
    expect(own.status).toBe(201);
    const fetchSite = await send(server, path, { method: 'POST', headers: { cookie, 'sec-fetch-site': 'same-origin' }, body: { token_name: 'fetch-site' } });
    expect(fetchSite.status).toBe(201);
    const referer = await send(server, path, { method: 'POST', headers: { cookie, referer: `${server.url.origin}/settings/tokens` }, body: { token_name: 'referer' } });
    expect(referer.status).toBe(201);
    const header = await send(server, path, { method: 'POST', headers: { cookie, origin: 'https://evil.example', 'coder-session-token': ownerToken }, body: { token_name: 'header' } });
    expect(header.status).toBe(201);
    const noCookie = await send(server, path, { method: 'POST', headers: { origin: 'https://evil.example', 'coder-session-token': ownerToken }, body: { token_name: 'plain' } });
    expect(noCookie.status).toBe(201);
  });
});

describe('--secure-auth-cookie', () => {
  it('marks the session cookie Secure even over plain HTTP', async () => {
    const server = await startTestServer({ flags: { 'secure-auth-cookie': 'true' } });
    try {
      await withOwner(server);
      const login = await send(server, '/api/v2/users/login', { method: 'POST', body: { email: OWNER.email, password: OWNER.password } });
      expect(login.headers.get('set-cookie')).toMatch(/; Secure/i);
    } finally {
      await server.close();
    }
  });
});

describe('API rate limit and login throttle', () => {
  let server: TestServer;
  let ownerToken: string;
  let memberToken: string;
  let offsetMs = 0;

  beforeAll(async () => {
    server = await startTestServer({ flags: { 'api-rate-limit': '5' }, clock: () => new Date(Date.now() + offsetMs) });
    const { client } = await withOwner(server);
    ownerToken = client.sessionToken!;
    memberToken = (await withMember(server, client)).sessionToken!;
  });
  afterAll(() => server?.close());

  it('answers 429 with Retry-After past N requests a minute from one user to one endpoint', async () => {
    const as = { 'coder-session-token': memberToken };
    for (let i = 0; i < 5; i++) expect((await send(server, '/api/v2/users/me', { headers: as })).status).toBe(200);
    const limited = await send(server, '/api/v2/users/me', { headers: as });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(limited.json.message).toMatch(/rate limited for sending more than 5 requests/);
    // Another endpoint, and another user on the same one, have their own budgets.
    expect((await send(server, '/api/v2/users/me/gitsshkey', { headers: as })).status).toBe(200);
    expect((await send(server, '/api/v2/users/me', { headers: { 'coder-session-token': ownerToken } })).status).toBe(200);
    // A minute later the window has passed.
    offsetMs += 61_000;
    expect((await send(server, '/api/v2/users/me', { headers: as })).status).toBe(200);
  });

  it('limits unauthenticated callers by address, and leaves agents and the dashboard files alone', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await send(server, '/api/v2/buildinfo')).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    for (let i = 0; i < 8; i++) {
      const agent = await send(server, '/api/v2/workspaceagents/me/manifest', { headers: { 'coder-session-token': '00000000-0000-4000-8000-000000000000' } });
      expect(agent.status).toBe(401);
      expect([200, 503]).toContain((await send(server, '/')).status);
    }
  });

  it('lets an owner bypass the limit with X-Coder-Bypass-Ratelimit, and refuses the header from others', async () => {
    for (let i = 0; i < 8; i++) {
      const res = await send(server, '/api/v2/users', { headers: { 'coder-session-token': ownerToken, 'x-coder-bypass-ratelimit': 'true' } });
      expect(res.status).toBe(200);
    }
    const member = await send(server, '/api/v2/organizations', { headers: { 'coder-session-token': memberToken, 'x-coder-bypass-ratelimit': 'true' } });
    expect(member.status).toBe(412);
    expect(member.json.message).toMatch(/X-Coder-Bypass-Ratelimit.*not owner/);
  });

});

describe('login throttle', () => {
  let server: TestServer;
  let offsetMs = 0;

  beforeAll(async () => {
    server = await startTestServer({ clock: () => new Date(Date.now() + offsetMs) });
    await withMember(server, (await withOwner(server)).client);
  });
  afterAll(() => server?.close());

  it('blocks an account after repeated failed logins with 429 and Retry-After, without slowing other accounts', async () => {
    const login = (email: string, password: string) => send(server, '/api/v2/users/login', { method: 'POST', body: { email, password } });
    for (let i = 0; i < 5; i++) expect((await login(OWNER.email, `wrong-${i}`)).status).toBe(401);
    const blocked = await login(OWNER.email, OWNER.password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBe(1);
    expect(blocked.json.message).toMatch(/Too many failed logins/);
    // Another account from the same address still signs in.
    expect((await login(MEMBER.email, MEMBER.password)).status).toBe(201);
    offsetMs += 1_000;
    expect((await login(OWNER.email, 'wrong-again')).status).toBe(401);
    const longer = await login(OWNER.email, OWNER.password);
    expect(longer.status).toBe(429);
    expect(Number(longer.headers.get('retry-after'))).toBe(2);
    offsetMs += 2_000;
    expect((await login(OWNER.email, OWNER.password)).status).toBe(201);
  });
});
