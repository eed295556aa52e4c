import { type Client, type RichParameter } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, withOwner, type TestServer, apiErrorOf, withMember } from '../../../../test/support/server';
import type { ServerProvisionerDaemonApi } from '../jobs/daemon-api';
import { acquire, importTemplate, MAIN_TF, richParameter, startDaemon, tarOf } from '../jobs/daemon.testkit';

let server: TestServer;
let owner: Client;
let member: Client;
let orgId: string;
let daemon: ServerProvisionerDaemonApi;

/** Imports another version of a template with these parameters and makes it the active one. */
async function promoteVersion(templateId: string, name: string, parameters: RichParameter[]): Promise<void> {
  const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': `${MAIN_TF}# ${name}\n` }));
  const version = await owner.createTemplateVersion(orgId, { template_id: templateId, storage_method: 'file', file_id: hash, provisioner: 'terraform', tags: {} });
  const job = await acquire(daemon);
  await daemon.completeJob({
    jobId: job.jobId,
    type: { kind: 'template_import', startResources: [], stopResources: [], richParameters: parameters, externalAuthProviders: [], presets: [] },
  });
  await owner.updateActiveTemplateVersion(templateId, version.id);
}

/** Creates a workspace and has the daemon finish its first build. */
async function createBuilt(client: Client, req: Parameters<Client['createUserWorkspace']>[1]) {
  const ws = await client.createUserWorkspace('me', req);
  const job = await acquire(daemon);
  await daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [] } });
  return ws;
}

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

describe('favourite workspaces', () => {
  it('puts the caller’s favourites first, then by owner and name, and only owners may mark them', async () => {
    const { templateId } = await importTemplate(owner, daemon, orgId, 'fav');
    for (const name of ['alpha', 'bravo', 'charlie']) await createBuilt(member, { name, template_id: templateId });
    const ownerWs = await createBuilt(owner, { name: 'zulu', template_id: templateId });
    const names = async (c: Client) => (await c.workspaces()).workspaces.map((w) => w.name);
    expect(await names(member)).toEqual(['alpha', 'bravo', 'charlie']);

    const charlie = (await member.workspaces({ q: 'name:charlie' })).workspaces[0]!;
    expect(charlie.favorite).toBe(false);
    await member.favoriteWorkspace(charlie.id);
    expect((await member.workspace(charlie.id)).favorite).toBe(true);
    expect(await names(member)).toEqual(['charlie', 'alpha', 'bravo']);
    // Someone else's favourites do not reorder the owner's view.
    expect(await names(owner)).toEqual(['alpha', 'bravo', 'charlie', 'zulu']);
    await owner.favoriteWorkspace(ownerWs.id);
    expect(await names(owner)).toEqual(['zulu', 'alpha', 'bravo', 'charlie']);

    const notMine = await apiErrorOf(owner.favoriteWorkspace(charlie.id));
    expect(notMine.status).toBe(400);
    expect(notMine.response.message).toBe('You can only favorite workspaces that you own.');
    expect((await apiErrorOf(member.favoriteWorkspace(ownerWs.id))).status).toBe(404);

    await member.unfavoriteWorkspace(charlie.id);
    expect((await member.workspace(charlie.id)).favorite).toBe(false);
    expect(await names(member)).toEqual(['alpha', 'bravo', 'charlie']);

    // Running workspaces come before the others.
    await member.createUserWorkspace('me', { name: 'aaa', template_id: templateId });
    await daemon.failJob({ jobId: (await acquire(daemon)).jobId, error: 'terraform apply failed' });
    expect(await names(member)).toEqual(['alpha', 'bravo', 'charlie', 'aaa']);
  });

  it('accepts the favourite requests as Coder’s client sends them, with a form type and no body', async () => {
    const ws = (await member.workspaces({ q: 'name:alpha' })).workspaces[0]!;
    const res = await fetch(new URL(`/api/v2/workspaces/${ws.id}/favorite`, server.url), {
      method: 'PUT',
      headers: { 'Coder-Session-Token': member.sessionToken!, 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(204);
    expect((await member.workspace(ws.id)).favorite).toBe(true);
  });
});

describe('usage and port shares', () => {
  it('bumps the last-used time for those who may use the workspace, and shares no ports', async () => {
    const ws = (await member.workspaces({ q: 'name:bravo' })).workspaces[0]!;
    const before = Date.parse(ws.last_used_at);
    await new Promise((r) => setTimeout(r, 20));
    const res = await fetch(new URL(`/api/v2/workspaces/${ws.id}/usage`, server.url), {
      method: 'POST',
      headers: { 'Coder-Session-Token': member.sessionToken!, 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(204);
    expect(Date.parse((await member.workspace(ws.id)).last_used_at)).toBeGreaterThan(before);
    await member.reportWorkspaceUsage(ws.id, { app_name: 'reconnecting-pty' });
    expect((await apiErrorOf(member.reportWorkspaceUsage(ws.id, { app_name: 'telnet' as never }))).status).toBe(400);
    const ta = await owner.createUser({ email: 't@example.com', username: 'tadmin', password: 'T3mplate-admin-long-pass' });
    await owner.updateUserRoles(ta.id, ['template-admin']);
    const templateAdmin = server.client((await server.client().login('tadmin', 'T3mplate-admin-long-pass')).session_token);
    expect((await apiErrorOf(templateAdmin.reportWorkspaceUsage(ws.id))).status).toBe(403);
    expect(await member.workspacePortShares(ws.id)).toEqual({ shares: [] });
    expect((await apiErrorOf(owner.workspacePortShares('00000000-0000-0000-0000-0000000000aa'))).status).toBe(404);
  });
});

describe('resolve-autostart', () => {
  it('reports a parameter mismatch only when the workspace must move to an active version it cannot fill', async () => {
    const { templateId } = await importTemplate(owner, daemon, orgId, 'auto', [richParameter({ name: 'region', defaultValue: 'eu' })]);
    const always = await createBuilt(member, { name: 'always', template_id: templateId, automatic_updates: 'always' });
    const never = await createBuilt(member, { name: 'never', template_id: templateId });
    expect(await member.resolveAutostart(always.id)).toEqual({ parameter_mismatch: false });

    await promoteVersion(templateId, 'v2', [richParameter({ name: 'region', defaultValue: 'eu' }), richParameter({ name: 'size', required: true, order: 1 })]);
    expect(await member.resolveAutostart(always.id)).toEqual({ parameter_mismatch: true });
    expect(await member.resolveAutostart(never.id)).toEqual({ parameter_mismatch: false });

    await promoteVersion(templateId, 'v3', [richParameter({ name: 'region', defaultValue: 'eu' }), richParameter({ name: 'size', defaultValue: 'small', order: 1 })]);
    expect(await member.resolveAutostart(always.id)).toEqual({ parameter_mismatch: false });
    expect((await apiErrorOf(member.resolveAutostart('00000000-0000-0000-0000-0000000000aa'))).status).toBe(404);
  });
});
