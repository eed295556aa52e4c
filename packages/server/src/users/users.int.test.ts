import { ApiError } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, startTestServer, withOwner, type TestServer } from '../../../../test/support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    if (err instanceof ApiError) return err.status;
    throw err;
  }
}

describe('first user', () => {
  it('reports no first user, refuses a weak password, then creates the owner and default organization', async () => {
    const anon = server.client();
    expect(await anon.hasFirstUser()).toBe(false);
    const weak = await anon.createFirstUser({ ...OWNER, password: 'password' }).catch((e: ApiError) => e);
    expect(weak).toBeInstanceOf(ApiError);
    expect((weak as ApiError).status).toBe(400);
    expect((weak as ApiError).response.message).toBe('Password not strong enough!');
    expect((weak as ApiError).response.validations?.[0]?.field).toBe('password');
    expect(await anon.hasFirstUser()).toBe(false);

    const { client, userId, organizationId } = await withOwner(server);
    expect(await anon.hasFirstUser()).toBe(true);
    const me = await client.user('me');
    expect(me).toMatchObject({ id: userId, username: 'owner', email: OWNER.email, status: 'active', login_type: 'password' });
    expect(me.roles.map((r) => r.name)).toEqual(['owner']);
    expect(me.organization_ids).toEqual([organizationId]);
    const org = await client.organization('default');
    expect(org).toMatchObject({ id: organizationId, is_default: true });
    expect(await client.organization(org.name)).toEqual(org);
    expect(await client.organization(organizationId)).toEqual(org);

    const again = await status(anon.createFirstUser({ ...OWNER, username: 'other', email: 'o@example.com' }));
    expect(again).toBe(409);
  });
});

describe('users, sessions and tokens', () => {
  let owner: Awaited<ReturnType<typeof withOwner>>['client'];
  beforeAll(async () => {
    const { session_token } = await server.client().login(OWNER.email, OWNER.password);
    owner = server.client(session_token);
  });

  it('answers Coder error bodies for malformed input and never writes half a user', async () => {
    const bad = await owner.raw('POST', '/api/v2/users', undefined, { 'Content-Type': 'application/json' });
    expect(bad.status).toBe(400);
    const malformed = await fetch(new URL('/api/v2/users', server.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Coder-Session-Token': owner.sessionToken! },
      body: '{"email": ',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ message: 'Request body must be valid JSON.' });
    const wrongTypes = await owner.raw('POST', '/api/v2/users', { email: 42, username: ['x'] });
    expect(wrongTypes.status).toBe(400);
    const body = (await wrongTypes.json()) as { validations: Array<{ field: string }> };
    expect(body.validations.map((v) => v.field).sort()).toEqual(['email', 'username']);
    const badName = await owner.raw('POST', '/api/v2/users', { email: 'a@b.co', username: 'bad name!', password: 'Xy7$abcdefghij' });
    expect(badName.status).toBe(400);
    expect((await owner.users({ q: 'bad' })).count).toBe(0);
  });

  it('creates members, refuses duplicates, filters and paginates the list', async () => {
    const alice = await owner.createUser({ email: 'alice@example.com', username: 'alice', password: 'Al1ce-has-a-long-pass' });
    expect(alice.roles).toEqual([]);
    expect(alice.organization_ids).toHaveLength(1);
    expect(await status(owner.createUser({ email: 'ALICE@example.com', username: 'alice2', password: 'Al1ce-has-a-long-pass' }))).toBe(409);
    expect(await status(owner.createUser({ email: 'x@example.com', username: 'Alice', password: 'Al1ce-has-a-long-pass' }))).toBe(409);
    await owner.createUser({ email: 'bob@example.com', username: 'bob', password: 'B0b-has-a-long-passwd' });
    const all = await owner.users();
    expect(all.users.map((u) => u.username)).toEqual(['alice', 'bob', 'owner']);
    expect(all.count).toBe(3);
    const page = await owner.users({ limit: 1, offset: 1 });
    expect(page.users.map((u) => u.username)).toEqual(['bob']);
    expect(page.count).toBe(3);
    expect((await owner.users({ q: 'ali' })).users.map((u) => u.username)).toEqual(['alice']);
    expect((await owner.users({ q: 'role:owner' })).users.map((u) => u.username)).toEqual(['owner']);
    expect(await status(owner.users({ q: 'colour:blue' }))).toBe(400);
  });

  it('suspends and activates; a suspended user cannot log in or use a session', async () => {
    const carol = await owner.createUser({ email: 'carol@example.com', username: 'carol', password: 'C4rol-has-a-long-pass' });
    const { session_token } = await server.client().login('carol@example.com', 'C4rol-has-a-long-pass');
    const carolClient = server.client(session_token);
    expect((await carolClient.user()).username).toBe('carol');
    expect((await owner.updateUserStatus('carol', 'suspend')).status).toBe('suspended');
    expect(await status(carolClient.user())).toBe(401);
    expect(await status(server.client().login('carol@example.com', 'C4rol-has-a-long-pass'))).toBe(401);
    expect((await owner.updateUserStatus(carol.id, 'activate')).status).toBe('active');
    expect((await carolClient.user()).username).toBe('carol');
    expect(await status(carolClient.updateUserStatus('bob', 'suspend'))).toBe(404);
  });

  it('lets owners set site roles and refuses members', async () => {
    const dave = await owner.createUser({ email: 'dave@example.com', username: 'dave', password: 'D4ve-has-a-long-pass' });
    const updated = await owner.updateUserRoles(dave.id, ['template-admin', 'auditor']);
    expect(updated.roles.map((r) => r.name).sort()).toEqual(['auditor', 'template-admin']);
    expect(await status(owner.updateUserRoles(dave.id, ['emperor']))).toBe(400);
    const { session_token } = await server.client().login('dave', 'D4ve-has-a-long-pass');
    const daveClient = server.client(session_token);
    expect(await status(daveClient.updateUserRoles('dave', ['owner']))).toBe(403);
  });

  it('creates, lists, finds, expires and deletes tokens; only hashes are stored', async () => {
    const { key } = await owner.createToken('me', { token_name: 'ci', lifetime: 3_600 * 1e9 });
    expect(key).toMatch(/^[a-zA-Z0-9]{10}-[a-zA-Z0-9]{22}$/);
    const viaToken = server.client(key);
    expect((await viaToken.user()).username).toBe('owner');
    const curl = await fetch(new URL('/api/v2/users/me', server.url), { headers: { cookie: `coder_session_token=${key}` } });
    expect(curl.status).toBe(200);
    const query = await fetch(new URL(`/api/v2/users/me?coder_session_token=${key}`, server.url));
    expect(query.status).toBe(200);

    const tokens = await owner.tokens('me');
    const ci = tokens.find((t) => t.token_name === 'ci')!;
    expect(ci).toMatchObject({ login_type: 'token', scope: 'all', lifetime_seconds: 3600 });
    expect(await owner.tokenByName('me', 'ci')).toMatchObject({ id: ci.id });
    expect(await status(owner.createToken('me', { token_name: 'ci' }))).toBe(409);
    expect(await status(owner.createToken('me', { token_name: 'huge', lifetime: 1e9 * 3600 * 900_000 }))).toBe(400);

    const stored = await server.ctx.db.query<{ hashed_secret: Buffer }>('SELECT hashed_secret FROM api_keys WHERE id = $1', [ci.id]);
    expect(stored.rows[0]!.hashed_secret.toString('hex')).not.toContain(key.split('-')[1]);
    expect(stored.rows[0]!.hashed_secret).toHaveLength(32);

    await owner.deleteAPIKey('me', ci.id);
    expect(await status(viaToken.user())).toBe(401);
    expect(await status(server.client(`${key.slice(0, 10)}-${'x'.repeat(22)}`).user())).toBe(401);
    expect(await status(server.client('not-a-token').user())).toBe(401);
  });

  it('keeps members out of other users\' tokens and users with 404', async () => {
    const { session_token } = await server.client().login('bob@example.com', 'B0b-has-a-long-passwd');
    const bob = server.client(session_token);
    await bob.createToken('me', { token_name: 'bobs' });
    expect(await status(bob.tokens('owner'))).toBe(404);
    expect(await status(bob.user('alice'))).toBe(404);
    expect(await status(bob.createToken('alice', {}))).toBe(404);
    expect(await status(bob.tokens('me', true))).toBe(400);
    const ownerView = await owner.tokens('bob');
    expect(ownerView.map((t) => t.token_name)).toEqual(['bobs']);
    expect((await bob.users()).users.map((u) => u.username)).toEqual(['bob']);
    expect(await status(bob.createUser({ email: 'e@example.com', username: 'eve', password: 'Ev3-has-a-long-pass' }))).toBe(404);
  });

  it('logs out: the session is deleted and the cookie expired', async () => {
    const res = await server.client().raw('POST', '/api/v2/users/login', { email: OWNER.email, password: OWNER.password });
    expect(res.status).toBe(201);
    expect(res.headers.get('set-cookie')).toMatch(/coder_session_token=[^;]+; .*HttpOnly/i);
    const { session_token } = (await res.json()) as { session_token: string };
    const c = server.client(session_token);
    expect(await c.logout()).toEqual({ message: 'Logged out!' });
    expect(await status(c.user())).toBe(401);
  });

  it('lists organizations and members', async () => {
    const orgs = await owner.organizations();
    expect(orgs).toHaveLength(1);
    const members = await owner.organizationMembers(orgs[0]!.id);
    expect(members.map((m) => m.username)).toContain('alice');
    expect(members.find((m) => m.username === 'owner')!.roles.map((r) => r.name)).toEqual(['organization-admin']);
    expect(await owner.userOrganizations('alice')).toEqual(orgs);
    expect(await status(owner.organization('nope'))).toBe(404);
  });

  it('wraps unknown routes and unauthenticated calls in Coder bodies with the version header', async () => {
    const res = await fetch(new URL('/api/v2/nothing-here', server.url));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'Route not found.' });
    const unauth = await fetch(new URL('/api/v2/users/me', server.url));
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get('x-coder-build-version')).toMatch(/^v\d/);
    const info = await server.client().buildInfo();
    expect(info.version).toMatch(/^v\d/);
    expect(info.dashboard_url).toBe(server.accessUrl.toString());
  });
});
