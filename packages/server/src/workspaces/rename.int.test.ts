// PATCH /workspaces/{id}: renames where the deployment allows them, Coder's refusals otherwise.
import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorOf, startTestServer, withMember, withOwner, type TestServer } from '../../../../test/support/server';
import type { ServerProvisionerDaemonApi } from '../jobs/daemon-api';
import { importTemplate, startDaemon } from '../jobs/daemon.testkit';

let allowing: TestServer;
let refusing: TestServer;
let owner: Client;
let daemon: ServerProvisionerDaemonApi;
let templateId: string;
let orgId: string;

beforeAll(async () => {
  allowing = await startTestServer({ flags: { 'allow-workspace-renames': 'true' } });
  refusing = await startTestServer();
  ({ client: owner, organizationId: orgId } = await withOwner(allowing));
  daemon = await startDaemon(allowing.ctx, orgId);
  ({ templateId } = await importTemplate(owner, daemon, orgId, 'renamable'));
});
afterAll(async () => {
  await daemon?.close();
  await allowing?.close();
  await refusing?.close();
});

describe('renaming a workspace', () => {
  it('renames, keeps names unique, and changes nothing for the same or no name', async () => {
    const dev = await owner.createWorkspace(orgId, 'me', { name: 'dev', template_id: templateId });
    await owner.createWorkspace(orgId, 'me', { name: 'other', template_id: templateId });
    expect(dev.allow_renames).toBe(true);
    await owner.updateWorkspace(dev.id, { name: 'dev-2' });
    expect((await owner.workspace(dev.id)).name).toBe('dev-2');
    expect((await owner.workspaceByOwnerAndName('me', 'dev-2')).id).toBe(dev.id);
    const taken = await apiErrorOf(owner.updateWorkspace(dev.id, { name: 'other' }));
    expect([taken.status, taken.response.message, taken.response.validations?.[0]?.field]).toEqual([409, 'Workspace "other" already exists.', 'name']);
    await owner.updateWorkspace(dev.id, { name: 'dev-2' });
    await owner.updateWorkspace(dev.id, {});
    expect((await apiErrorOf(owner.updateWorkspace(dev.id, { name: 'not a name!' }))).status).toBe(400);
  });

  it('answers 404 to a member who cannot see the workspace', async () => {
    const member = await withMember(allowing, owner);
    const { id } = await owner.workspaceByOwnerAndName('me', 'dev-2');
    expect((await apiErrorOf(member.updateWorkspace(id, { name: 'mine' }))).status).toBe(404);
  });

  it('refuses renames where the deployment does not allow them', async () => {
    const { client, organizationId } = await withOwner(refusing);
    const d = await startDaemon(refusing.ctx, organizationId);
    try {
      const t = await importTemplate(client, d, organizationId, 'fixed');
      const ws = await client.createWorkspace(organizationId, 'me', { name: 'dev', template_id: t.templateId });
      expect(ws.allow_renames).toBe(false);
      const refused = await apiErrorOf(client.updateWorkspace(ws.id, { name: 'dev-2' }));
      expect([refused.status, refused.response.message]).toEqual([400, 'Workspace renames are not allowed.']);
    } finally {
      await d.close();
    }
  });
});
