import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, withOwner, type TestServer, apiErrorOf, withMember } from '../../../../test/support/server';
import type { ServerProvisionerDaemonApi } from '../jobs/daemon-api';
import { importTemplate, richParameter, startDaemon } from '../jobs/daemon.testkit';

let server: TestServer;
let owner: Client;
let member: Client;
let orgId: string;
let daemon: ServerProvisionerDaemonApi;

beforeAll(async () => {
  server = await startTestServer();
  const o = await withOwner(server);
  owner = o.client;
  orgId = o.organizationId;
  member = await withMember(server, owner);
  daemon = await startDaemon(server.ctx, orgId);
});
afterAll(async () => {
  await daemon?.close();
  await server?.close();
});

describe('profile', () => {
  it('changes the username and name, refusing taken and malformed usernames', async () => {
    const updated = await member.updateProfile('me', { username: 'maria', name: 'Maria Member' });
    expect(updated).toMatchObject({ username: 'maria', name: 'Maria Member' });
    expect((await member.user()).username).toBe('maria');
    expect((await server.client().login('maria', 'M3mber-has-a-long-pass')).session_token).toBeTruthy();
    const taken = await apiErrorOf(member.updateProfile('me', { username: 'OWNER' }));
    expect(taken.status).toBe(409);
    expect(taken.response.validations).toEqual([{ field: 'username', detail: 'This username is already in use.' }]);
    expect((await apiErrorOf(member.updateProfile('me', { username: 'no spaces' }))).status).toBe(400);
    expect((await apiErrorOf(member.updateProfile('me', { username: 'maria', name: ' padded ' }))).status).toBe(400);
    expect((await apiErrorOf(member.updateProfile('owner', { username: 'boss' }))).status).toBe(404);
    expect(await owner.updateProfile('maria', { username: 'maria', name: '' })).toMatchObject({ name: '' });
  });
});

describe('notification preferences and external auth', () => {
  it('has no notification templates to prefer and no external auth providers', async () => {
    expect(await member.userNotificationPreferences()).toEqual([]);
    expect(await member.updateUserNotificationPreferences('me', { template_disabled_map: {} })).toEqual([]);
    const unknown = await apiErrorOf(
      member.updateUserNotificationPreferences('me', { template_disabled_map: { '00000000-0000-0000-0000-0000000000aa': true } }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.response.validations?.[0]?.detail).toContain('00000000-0000-0000-0000-0000000000aa');
    expect((await apiErrorOf(member.userNotificationPreferences('owner'))).status).toBe(404);
    expect(await member.externalAuth()).toEqual({ providers: [], links: [] });
  });
});

describe('password validation', () => {
  it('tells whether a password is strong enough, without a session', async () => {
    expect(await server.client().validatePassword('Sup3r-Secret-Passw0rd!')).toEqual({ valid: true, details: '' });
    const weak = await server.client().validatePassword('password');
    expect(weak.valid).toBe(false);
    expect(weak.details).not.toBe('');
  });
});

describe('autofill parameters', () => {
  it('answers the latest value the user gave each parameter of the template, without ephemeral ones', async () => {
    const { version, templateId } = await importTemplate(owner, daemon, orgId, 'params', [
      richParameter({ name: 'region', defaultValue: 'eu' }),
      richParameter({ name: 'size', defaultValue: 'small', order: 1 }),
      richParameter({ name: 'once', ephemeral: true, order: 2 }),
    ]);
    await member.createUserWorkspace('me', { name: 'one', template_version_id: version.id, rich_parameter_values: [{ name: 'region', value: 'us' }] });
    await member.createUserWorkspace('me', {
      name: 'two',
      template_version_id: version.id,
      rich_parameter_values: [{ name: 'size', value: 'large' }, { name: 'once', value: 'x' }],
    });
    const values = await member.autofillParameters('me', templateId);
    expect(Object.fromEntries(values.map((v) => [v.name, v.value]))).toEqual({ region: 'eu', size: 'large' });
    expect(await owner.autofillParameters('me', templateId)).toEqual([]);
    expect((await apiErrorOf(member.autofillParameters('me', 'not-a-uuid'))).status).toBe(400);
  });
});
