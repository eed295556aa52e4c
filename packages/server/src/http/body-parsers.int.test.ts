import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, withOwner, type TestServer } from '../../../../test/support/server';

let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startTestServer();
  token = (await withOwner(server)).client.sessionToken!;
});
afterAll(() => server.close());

/** A request as Coder's TypeScript client sends it from Node: a form Content-Type on an empty body. */
function send(method: string, path: string, headers: Record<string, string>, body?: string) {
  return fetch(new URL(path, server.url), { method, headers: { 'Coder-Session-Token': token, ...headers }, body });
}

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe('bodies of mutations', () => {
  it('accepts bodiless mutations whatever the Content-Type of the empty body', async () => {
    const owner = server.client(token);
    const alice = await owner.createUser({ email: 'alice@example.com', username: 'alice', password: 'Al1ce-has-a-long-pass' });
    const suspended = await send('PUT', `/api/v2/users/${alice.id}/status/suspend`, FORM);
    expect(suspended.status).toBe(200);
    expect(((await suspended.json()) as { status: string }).status).toBe('suspended');
    const activated = await send('PUT', `/api/v2/users/${alice.id}/status/activate`, { 'Content-Type': 'application/json' }, '');
    expect(activated.status).toBe(200);
    expect(((await activated.json()) as { status: string }).status).toBe('active');
    const textPlain = await send('PUT', `/api/v2/users/${alice.id}/status/suspend`, { 'Content-Type': 'text/plain' }, '');
    expect(textPlain.status).toBe(200);

    expect((await owner.user(alice.id)).status).toBe('suspended');
    await owner.updateUserStatus(alice.id, 'activate');
    const { session_token } = await server.client().login('alice@example.com', 'Al1ce-has-a-long-pass');
    const logout = await fetch(new URL('/api/v2/users/logout', server.url), { method: 'POST', headers: { ...FORM, 'Coder-Session-Token': session_token } });
    expect(logout.status).toBe(200);
    expect(await logout.json()).toEqual({ message: 'Logged out!' });
    expect((await server.client(session_token).raw('GET', '/api/v2/users/me')).status).toBe(401);
  });

  it('still refuses a non-empty body that is not JSON, and malformed JSON', async () => {
    const xml = await send('POST', '/api/v2/users', { 'Content-Type': 'application/xml' }, '<user/>');
    expect(xml.status).toBe(415);
    expect(await xml.json()).toMatchObject({ message: 'Unsupported Content-Type.' });
    const broken = await send('POST', '/api/v2/users', { 'Content-Type': 'application/json' }, '{"email":');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ message: 'Request body must be valid JSON.' });
    const empty = await send('POST', '/api/v2/users', { 'Content-Type': 'application/json' }, '');
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ message: 'Request body must be valid JSON.' });
  });

  it('reads null as "not given", as Coder does, and still requires required fields', async () => {
    const created = await send('POST', '/api/v2/users', { 'Content-Type': 'application/json' }, JSON.stringify({
      email: 'bob@example.com',
      username: 'bob',
      name: null,
      password: 'B0b-has-a-long-passwd',
      login_type: 'password',
      user_status: null,
      organization_ids: null,
    }));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ username: 'bob', name: '', status: 'active' });
    const suspended = await server.client(token).createUser({ email: 'carol@example.com', username: 'carol', password: 'C4rol-has-a-long-pass', user_status: 'suspended' });
    expect(suspended.status).toBe('suspended');
    const missing = await send('POST', '/api/v2/users', { 'Content-Type': 'application/json' }, JSON.stringify({ email: 'd@example.com', username: null, password: 'D4ve-has-a-long-pass' }));
    expect(missing.status).toBe(400);
    const body = (await missing.json()) as { validations: Array<{ field: string; detail: string }> };
    expect(body.validations).toEqual([{ field: 'username', detail: 'Validation failed for tag "required".' }]);
  });
});

describe('text the database cannot store', () => {
  it('answers 400, not 500, for a NUL in a path parameter or a body field', async () => {
    const inPath = await send('GET', '/api/v2/users/a%00b/login-type', {});
    expect(inPath.status).toBe(400);
    expect(await inPath.json()).toMatchObject({ message: 'Request contains a character that cannot be stored.' });
    const inBody = await send('PUT', '/api/v2/users/me/profile', { 'Content-Type': 'application/json' }, JSON.stringify({ username: 'owner', name: 'a\u0000b' }));
    expect(inBody.status).toBeLessThan(500);
  });
});

describe('deeply nested bodies', () => {
  it('refuses JSON nested past the limit with 400 and the reason, before any route sees it', async () => {
    const depth = 100_000;
    const body = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const res = await send('PUT', '/api/v2/users/me/profile', { 'Content-Type': 'application/json' }, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ message: 'Request body must be valid JSON.', detail: 'The body nests deeper than 512 levels.' });
  });
});

describe('repeated query parameters', () => {
  it('keep their first value, as Coder reads them, instead of failing on an array', async () => {
    const res = await send('GET', '/api/v2/users?q=owner&q=nobody', {});
    expect(res.status).toBe(200);
    expect(((await res.json()) as { users: Array<{ username: string }> }).users.map((u) => u.username)).toEqual(['owner']);
    expect((await send('GET', '/api/v2/workspaces?q=owner:me&q=x&limit=5&limit=x', {})).status).toBe(200);
  });
});
