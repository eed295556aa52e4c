// DELETE /users/{user}: Coder's rules (not yourself, not with workspaces) and what a deleted user loses.
import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorOf, MEMBER, startTestServer, withMember, withOwner, type TestServer } from '../../../../test/support/server';
import type { ServerProvisionerDaemonApi } from '../jobs/daemon-api';
import { acquire, importTemplate, startDaemon } from '../jobs/daemon.testkit';

let server: TestServer;
let owner: Client;
let member: Client;
let orgId: string;
let daemon: ServerProvisionerDaemonApi;

beforeAll(async () => {
  server = await startTestServer();
  ({ client: owner, organizationId: orgId } = await withOwner(server));
  member = await withMember(server, owner);
  daemon = await startDaemon(server.ctx, orgId);
});
afterAll(async () => {
  await daemon?.close();
  await server?.close();
});

describe('deleting a user', () => {
  it('is for user administrators, and never oneself', async () => {
    // A member cannot see other users at all (404); an auditor sees them but may not delete (403).
    expect((await apiErrorOf(member.deleteUser('owner'))).status).toBe(404);
    await owner.createUser({ email: 'aud@example.com', username: 'auditor', password: 'Aud1tor-has-a-long-pass' });
    await owner.updateUserRoles('auditor', ['auditor']);
    const auditor = server.client((await server.client().login('auditor', 'Aud1tor-has-a-long-pass')).session_token);
    expect((await apiErrorOf(auditor.deleteUser('owner'))).status).toBe(403);
    const self = await apiErrorOf(owner.deleteUser('me'));
    expect([self.status, self.response.message]).toEqual([403, 'You cannot delete yourself!']);
    expect((await apiErrorOf(owner.deleteUser('nobody-here'))).status).toBe(404);
  });

  it('refuses a user who still has workspaces, then deletes them once the workspaces are gone', async () => {
    const { templateId } = await importTemplate(owner, daemon, orgId, 'owned');
    const memberId = (await member.user('me')).id;
    const ws = await owner.createWorkspace(orgId, memberId, { name: 'dev', template_id: templateId });
    const refused = await apiErrorOf(owner.deleteUser(MEMBER.username));
    expect([refused.status, refused.response.message]).toEqual([417, 'You cannot delete a user that has workspaces. Delete their workspaces and try again!']);

    await acquire(daemon).then((job) => daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [] } }));
    await owner.createWorkspaceBuild(ws.id, { transition: 'delete', orphan: true });
    expect(await owner.deleteUser(MEMBER.username)).toEqual({ message: 'User has been deleted!' });
    expect((await apiErrorOf(owner.user(memberId))).status).toBe(404);
    expect((await owner.users()).users.map((u) => u.username)).toEqual(['auditor', 'owner']);
    // Their session ends with them, and their name is free again.
    expect((await apiErrorOf(member.user('me'))).status).toBe(401);
    expect((await owner.createUser({ ...MEMBER })).username).toBe(MEMBER.username);
  });
});
