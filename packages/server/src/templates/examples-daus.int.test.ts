import { SESSION_TOKEN_HEADER, type Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, withOwner, type TestServer, apiErrorOf, withMember } from '../../../../test/support/server';
import type { ServerProvisionerDaemonApi } from '../jobs/daemon-api';
import { acquire, agent, importTemplate, MAIN_TF, resource, startDaemon, tarOf } from '../jobs/daemon.testkit';

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

describe('template examples', () => {
  it('lists the starter templates at a path that is not read as a template id', async () => {
    const examples = await member.templateExamples();
    const local = examples.find((e) => e.id === 'local');
    expect(local).toMatchObject({ name: 'Local processes', icon: '/icon/terminal.svg', tags: expect.arrayContaining(['local']) });
    expect(local!.markdown).toContain('# Local processes');
    expect(await member.templateExamples('default')).toEqual(examples);
    expect((await apiErrorOf(member.templateExamples('00000000-0000-0000-0000-0000000000aa'))).status).toBe(404);
    expect((await apiErrorOf(server.client().templateExamples())).status).toBe(401);
  });
});

describe('previous template version', () => {
  it('answers the version created before the named one, and 404 for the first', async () => {
    const { version, templateId } = await importTemplate(owner, daemon, orgId, 'versions');
    const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': `${MAIN_TF}# second\n` }));
    const second = await owner.createTemplateVersion(orgId, { template_id: templateId, storage_method: 'file', file_id: hash, provisioner: 'terraform', tags: {} });
    await daemon.completeJob({
      jobId: (await acquire(daemon)).jobId,
      type: { kind: 'template_import', startResources: [], stopResources: [], richParameters: [], externalAuthProviders: [], presets: [] },
    });
    expect((await member.previousTemplateVersion('default', 'versions', second.name)).id).toBe(version.id);
    const first = await apiErrorOf(member.previousTemplateVersion('default', 'versions', version.name));
    expect(first.status).toBe(404);
    expect((await apiErrorOf(member.previousTemplateVersion('default', 'versions', 'no-such-version'))).status).toBe(404);
  });
});

describe('template daily active users', () => {
  it('counts the owners whose agents reported connections, per day at the asked offset', async () => {
    const { templateId } = await importTemplate(owner, daemon, orgId, 'daus');
    expect(await member.templateDAUs(templateId)).toEqual({ entries: [], tz_hour_offset: 0 });

    const token = crypto.randomUUID();
    await member.createUserWorkspace('me', { name: 'used', template_id: templateId });
    const job = await acquire(daemon);
    await daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [resource('dev', [agent('main', token)])] } });
    const report = (body: unknown) =>
      fetch(new URL('/api/v2/workspaceagents/me/report-stats', server.url), {
        method: 'POST',
        headers: { [SESSION_TOKEN_HEADER]: token, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    // Stats without connections are not use.
    expect((await report({ connection_count: 0, rx_bytes: 1 })).status).toBe(200);
    expect((await member.templateDAUs(templateId)).entries).toEqual([]);
    expect((await report({ connection_count: 1, session_count_ssh: 1 })).status).toBe(200);
    expect((await report({ connection_count: 2 })).status).toBe(200);

    const today = (offset: number) => new Date(Date.now() + offset * 3_600_000).toISOString().slice(0, 10);
    expect(await member.templateDAUs(templateId)).toEqual({ entries: [{ date: today(0), amount: 1 }], tz_hour_offset: 0 });
    expect(await member.templateDAUs(templateId, 14)).toEqual({ entries: [{ date: today(14), amount: 1 }], tz_hour_offset: 14 });
    expect((await apiErrorOf(member.templateDAUs(templateId, 99))).status).toBe(400);
    // Deployment-wide, for those who may read every template.
    expect(await owner.deploymentDAUs()).toEqual({ entries: [{ date: today(0), amount: 1 }], tz_hour_offset: 0 });
    expect((await apiErrorOf(member.deploymentDAUs())).status).toBe(403);
    expect((await apiErrorOf(member.templateDAUs('00000000-0000-0000-0000-0000000000aa'))).status).toBe(404);
  });
});
