import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorOf, MEMBER, OWNER, startTestServer, withMember, withOwner, type TestServer } from '../../../../test/support/server';

let server: TestServer;
let owner: Client;

beforeAll(async () => {
  server = await startTestServer();
  owner = (await withOwner(server)).client;
});
afterAll(async () => {
  await server?.close();
});

const NEW_PASSWORD = 'N3w-and-quite-long-pass';

describe('PUT /users/{user}/password', () => {
  it('asks users for their current password, refuses weak and unchanged ones, then ends every session and token', async () => {
    const member = await withMember(server, owner);
    const token = (await member.createToken('me', { token_name: 'script' })).key;
    const missing = await apiErrorOf(member.updateUserPassword('me', { password: NEW_PASSWORD }));
    expect(missing.status).toBe(400);
    expect(missing.response.validations).toEqual([{ field: 'old_password', detail: 'Old password is required.' }]);
    const wrong = await apiErrorOf(member.updateUserPassword('me', { old_password: 'not-it-at-all-1A', password: NEW_PASSWORD }));
    expect(wrong.status).toBe(400);
    expect(wrong.response.validations).toEqual([{ field: 'old_password', detail: 'Old password is incorrect.' }]);
    const weak = await apiErrorOf(member.updateUserPassword('me', { old_password: MEMBER.password, password: 'password' }));
    expect(weak.status).toBe(400);
    expect(weak.response.validations?.[0]?.field).toBe('password');
    const same = await apiErrorOf(member.updateUserPassword('me', { old_password: MEMBER.password, password: MEMBER.password }));
    expect(same.response.message).toBe('New password cannot match old password.');
    expect((await apiErrorOf(member.updateUserPassword('me', { old_password: MEMBER.password, password: '' }))).status).toBe(400);

    await member.updateUserPassword('me', { old_password: MEMBER.password, password: NEW_PASSWORD });
    expect((await apiErrorOf(member.user())).status).toBe(401);
    expect((await apiErrorOf(server.client(token).user())).status).toBe(401);
    expect((await apiErrorOf(server.client().login(MEMBER.email, MEMBER.password))).status).toBe(401);
    expect((await server.client().login(MEMBER.email, NEW_PASSWORD)).session_token).toBeTruthy();
  });

  it('lets an owner reset another user’s password without the old one, and hides other users from members', async () => {
    const alice = await owner.createUser({ email: 'alice@example.com', username: 'alice', password: 'Al1ce-has-a-long-pass' });
    const sessionAlice = server.client((await server.client().login('alice@example.com', 'Al1ce-has-a-long-pass')).session_token);
    expect((await apiErrorOf(sessionAlice.updateUserPassword('owner', { old_password: OWNER.password, password: NEW_PASSWORD }))).status).toBe(404);
    await owner.updateUserPassword(alice.id, { password: 'Al1ce-reset-by-owner' });
    expect((await server.client().login('alice', 'Al1ce-reset-by-owner')).session_token).toBeTruthy();
    expect((await owner.user()).username).toBe('owner');
  });

  it('refuses users who do not sign in with a password', async () => {
    const bot = await owner.createUser({ email: 'bot@example.com', username: 'bot', login_type: 'none' });
    const err = await apiErrorOf(owner.updateUserPassword(bot.id, { password: NEW_PASSWORD }));
    expect(err.status).toBe(400);
    expect(err.response.message).toBe('Users without password login type cannot change their password.');
  });
});
