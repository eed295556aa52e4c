import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, withOwner, type TestServer, apiErrorOf } from '../../../../test/support/server';
import type { ServerProvisionerDaemonApi } from '../jobs/daemon-api';
import { acquire, agent, importTemplate, MAIN_TF, resource, richParameter, startDaemon, tarOf } from '../jobs/daemon.testkit';

let server: TestServer;
let owner: Client;
let member: Client;
let memberId: string;
let orgId: string;
let daemon: ServerProvisionerDaemonApi;

beforeAll(async () => {
  server = await startTestServer();
  const o = await withOwner(server);
  owner = o.client;
  orgId = o.organizationId;
  const user = await owner.createUser({ email: 'member@example.com', username: 'member', password: 'An0ther-Secret-Passw0rd!' });
  memberId = user.id;
  member = server.client((await server.client().login('member@example.com', 'An0ther-Secret-Passw0rd!')).session_token);
  daemon = await startDaemon(server.ctx, orgId);
});
afterAll(async () => {
  await daemon?.close();
  await server?.close();
});

describe('files', () => {
  it('stores tar uploads once per user and refuses other bytes', async () => {
    const bytes = await tarOf({ 'main.tf': MAIN_TF });
    const first = await owner.raw('POST', '/api/v2/files', bytes, { 'Content-Type': 'application/x-tar' });
    expect(first.status).toBe(201);
    const { hash } = (await first.json()) as { hash: string };
    const again = await owner.raw('POST', '/api/v2/files', bytes, { 'Content-Type': 'application/x-tar' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { hash: string }).hash).toBe(hash);
    expect(Buffer.from(await owner.file(hash))).toEqual(Buffer.from(bytes));
    // Another uploader gets a file of their own; the owner's file is not theirs to read.
    expect((await member.uploadFile(bytes)).hash).not.toBe(hash);
    expect((await apiErrorOf(member.file(hash))).status).toBe(404);

    const notTar = await apiErrorOf(owner.uploadFile(new TextEncoder().encode('definitely not a tar archive'.repeat(40))));
    expect(notTar.status).toBe(400);
    expect((await apiErrorOf(owner.uploadFile(bytes, 'application/json'))).status).toBe(400);
    const big = await owner.raw('POST', '/api/v2/files', new Uint8Array(100 * 1024 * 1024 + 1), { 'Content-Type': 'application/x-tar' });
    expect(big.status).toBe(413);
    expect((await apiErrorOf(owner.file('not-a-uuid'))).status).toBe(400);
    const untyped = await owner.raw('POST', '/api/v2/files', bytes);
    expect(untyped.status).toBe(400);
    expect((await apiErrorOf(owner.uploadFile(new Uint8Array()))).status).toBe(400);
  });
});

describe('templates and versions', () => {
  it('imports a version through the daemon and manages the template', async () => {
    const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': MAIN_TF }));
    const version = await owner.createTemplateVersion(orgId, { storage_method: 'file', file_id: hash, provisioner: 'terraform', tags: { os: '' }, extra: 1 } as never);
    expect(version.job).toMatchObject({ status: 'pending', type: 'template_version_import', queue_position: 1, queue_size: 1 });
    expect(version.job.tags).toEqual({ os: '', scope: 'organization', owner: '' });
    expect((await apiErrorOf(owner.templateVersionRichParameters(version.id))).status).toBe(400);
    expect((await apiErrorOf(member.templateVersion(version.id))).status).toBe(404);

    // The version is tagged os="" so only a daemon with exactly that tag takes it.
    const tagged = await startDaemon(server.ctx, orgId, 'tagged', { os: '' });
    const job = await acquire(tagged);
    await tagged.close();
    expect(job.type.kind).toBe('template_import');
    expect(Buffer.from(job.templateSourceArchive)).toEqual(Buffer.from(await owner.file(hash)));
    expect((await owner.templateVersion(version.id)).job.status).toBe('running');
    await expect(daemon.updateJob({ jobId: job.jobId, logs: [] })).rejects.toThrow(/not held/);
    await tagged.updateJob({
      jobId: job.jobId,
      logs: [{ source: 'provisioner_daemon', level: 'info', createdAt: Date.now(), stage: 'Setting up', output: 'hello' }],
      templateVariables: [{ name: 'region', description: 'r', type: 'string', defaultValue: 'eu', required: false, sensitive: false }],
    });
    const params = [richParameter({ name: 'size', type: 'number', defaultValue: '2', validationMin: 1, validationMax: 8, validationMonotonic: 'increasing' })];
    await tagged.completeJob({
      jobId: job.jobId,
      type: { kind: 'template_import', startResources: [resource('dev', [agent('main')])], stopResources: [], richParameters: params, externalAuthProviders: [], presets: [] },
    });
    const done = await owner.templateVersion(version.id);
    expect(done.job.status).toBe('succeeded');
    expect(done.job.completed_at).toBeTruthy();
    expect(await owner.templateVersionRichParameters(version.id)).toMatchObject([{ name: 'size', type: 'number', validation_min: 1, validation_max: 8 }]);
    expect(await owner.templateVersionVariables(version.id)).toMatchObject([{ name: 'region', value: '', default_value: 'eu' }]);
    const [res] = await owner.templateVersionResources(version.id);
    expect(res).toMatchObject({ name: 'dev', workspace_transition: 'start', agents: [{ name: 'main', status: 'connecting' }] });
    expect((await owner.templateVersionLogs(version.id)).map((l) => l.output)).toEqual(['hello']);

    const template = await owner.createTemplate(orgId, { name: 'docker', template_version_id: version.id, description: 'Docker' });
    expect(template).toMatchObject({ name: 'docker', active_version_id: version.id, organization_name: 'coder', deprecated: false });
    expect((await apiErrorOf(owner.createTemplate(orgId, { name: 'docker', template_version_id: version.id }))).status).toBe(400);
    expect(await member.template(template.id)).toMatchObject({ id: template.id });
    expect((await member.templates()).map((t) => t.name)).toContain('docker');
    expect(await owner.templateByName('default', 'docker')).toMatchObject({ id: template.id });
    expect(await owner.templateVersionByName(template.id, done.name)).toMatchObject({ id: version.id });
    expect(await owner.templateVersionByOrganizationAndName(orgId, 'docker', done.name)).toMatchObject({ id: version.id });
    expect((await owner.templateVersionsByTemplate(template.id)).map((v) => v.id)).toEqual([version.id]);

    expect(await owner.updateTemplateMeta(template.id, { description: 'Docker' })).toBeUndefined();
    expect(await owner.updateTemplateMeta(template.id, { display_name: 'Docker!' })).toMatchObject({ display_name: 'Docker!' });
    expect((await apiErrorOf(member.updateTemplateMeta(template.id, { display_name: 'x' }))).status).toBe(403);
    const renamed = await owner.patchTemplateVersion(version.id, { name: 'v1', message: 'first' });
    expect(renamed).toMatchObject({ name: 'v1', message: 'first' });

    // A pending version of this template cannot be promoted; nor can one of another template.
    const v2 = await owner.createTemplateVersion(orgId, { storage_method: 'file', file_id: hash, provisioner: 'terraform', template_id: template.id });
    expect((await apiErrorOf(owner.updateActiveTemplateVersion(template.id, v2.id))).status).toBe(400);
    expect(await owner.cancelTemplateVersion(v2.id)).toMatchObject({ message: expect.any(String) });
    expect((await owner.templateVersion(v2.id)).job.status).toBe('canceled');
    expect((await apiErrorOf(owner.cancelTemplateVersion(v2.id))).response.message).toBe('Job has already completed!');
    const other = await importTemplate(owner, daemon, orgId, 'other');
    expect((await apiErrorOf(owner.updateActiveTemplateVersion(template.id, other.version.id))).status).toBe(400);
    expect((await apiErrorOf(owner.template(crypto.randomUUID()))).status).toBe(404);
    const wrongType = await apiErrorOf(owner.createTemplate(orgId, { name: 5, template_version_id: 'x' } as never));
    expect(wrongType.status).toBe(400);
    expect(wrongType.response.validations?.map((v) => v.field).sort()).toEqual(['name', 'template_version_id']);
    const followJson = await owner.raw('GET', `/api/v2/templateversions/${version.id}/logs?follow`);
    expect(followJson.status).toBe(400);
    expect((await owner.deleteTemplate(other.templateId)).message).toBe('Template has been deleted!');
    expect((await apiErrorOf(owner.template(other.templateId))).status).toBe(404);
  });
});

describe('workspaces and builds', () => {
  it('runs a workspace through start, stop and delete', async () => {
    const { templateId, version } = await importTemplate(owner, daemon, orgId, 'lifecycle', [
      richParameter({ name: 'size', type: 'number', defaultValue: '2', validationMin: 1, validationMax: 8, validationMonotonic: 'increasing' }),
      richParameter({ name: 'region', options: [{ name: 'EU', value: 'eu', description: '', icon: '' }, { name: 'US', value: 'us', description: '', icon: '' }], defaultValue: 'eu', mutable: false }),
      richParameter({ name: 'token', required: true, validationRegex: '^[a-z]+$', validationError: 'Lowercase only.' }),
      richParameter({ name: 'once', defaultValue: 'x', ephemeral: true }),
    ]);
    const bad = await apiErrorOf(
      member.createWorkspace(orgId, 'me', {
        name: 'dev',
        template_id: templateId,
        rich_parameter_values: [{ name: 'size', value: '9' }, { name: 'region', value: 'mars' }],
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.response.message).toBe('Validation failed.');
    expect(bad.response.validations?.map((v) => v.field).sort()).toEqual(['region', 'size', 'token']);
    const regex = await apiErrorOf(member.createWorkspace(orgId, 'me', { name: 'dev', template_id: templateId, rich_parameter_values: [{ name: 'token', value: 'ABC' }] }));
    expect(regex.response.validations?.[0]?.detail).toMatch(/^Lowercase only\./);
    expect((await apiErrorOf(member.createWorkspace(orgId, 'me', { name: 'dev', template_id: templateId, template_version_id: version.id }))).status).toBe(400);
    expect((await apiErrorOf(member.createWorkspace(orgId, 'me', { name: 'dev', template_id: crypto.randomUUID() }))).status).toBe(404);
    expect((await apiErrorOf(member.createWorkspace(orgId, 'owner', { name: 'dev', template_id: templateId }))).status).toBe(404);

    const ws = await member.createWorkspace(orgId, 'me', {
      name: 'dev',
      template_id: templateId,
      rich_parameter_values: [{ name: 'token', value: 'abc' }, { name: 'once', value: 'y' }],
    });
    expect(ws).toMatchObject({ name: 'dev', workspace_name: 'dev', owner_name: 'member', workspace_owner_name: 'member', outdated: false });
    expect(ws.latest_build).toMatchObject({ build_number: 1, transition: 'start', status: 'pending', initiator_name: 'member' });
    expect((await apiErrorOf(member.createUserWorkspace('me', { name: 'DEV', template_id: templateId, rich_parameter_values: [{ name: 'token', value: 'a' }] }))).status).toBe(409);
    expect((await apiErrorOf(member.createWorkspaceBuild(ws.id, { transition: 'stop' }))).status).toBe(409);

    const job = await acquire(daemon);
    if (job.type.kind !== 'workspace_build') throw new Error('expected a build');
    expect(job.type.metadata).toMatchObject({ workspaceName: 'dev', workspaceOwner: 'member', workspaceTransition: 'start', templateName: 'lifecycle', workspaceBuildNumber: 1 });
    expect(job.type.metadata.coderUrl).toBe(server.accessUrl.toString().replace(/\/$/, ''));
    expect(await server.client(job.type.metadata.workspaceOwnerSessionToken).user('me')).toMatchObject({ id: memberId });
    expect(job.type.richParameterValues).toEqual(expect.arrayContaining([{ name: 'size', value: '2' }, { name: 'region', value: 'eu' }, { name: 'once', value: 'y' }]));
    expect((await member.workspace(ws.id)).latest_build.status).toBe('starting');
    await daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: new TextEncoder().encode('{"v":1}'), resources: [resource('dev', [agent('main')], [{ key: 'secret', value: 's', sensitive: true, isNull: false }])] } });
    const running = await member.workspace(ws.id);
    expect(running.latest_build.status).toBe('running');
    expect(running.latest_build.resources[0]).toMatchObject({ name: 'dev', metadata: [{ key: 'secret', value: '', sensitive: true }] });
    expect(running.latest_build.resources[0]?.agents?.[0]).toMatchObject({ name: 'main', apps: [{ slug: 'code', health: 'initializing' }], scripts: [{ display_name: 'Startup', timeout: 60_000_000_000 }] });
    expect((await apiErrorOf(member.workspaceBuildState(running.latest_build.id))).status).toBe(403);
    expect(new TextDecoder().decode(await owner.workspaceBuildState(running.latest_build.id))).toBe('{"v":1}');

    // Immutable parameters stay; monotonic ones only grow; unknown versions are refused.
    expect((await apiErrorOf(member.createWorkspaceBuild(ws.id, { transition: 'start', rich_parameter_values: [{ name: 'region', value: 'us' }] }))).response.validations?.[0]?.field).toBe('region');
    expect((await apiErrorOf(member.createWorkspaceBuild(ws.id, { transition: 'start', rich_parameter_values: [{ name: 'size', value: '1' }] }))).response.validations?.[0]?.field).toBe('size');
    expect((await apiErrorOf(member.createWorkspaceBuild(ws.id, { transition: 'start', template_version_id: crypto.randomUUID() }))).status).toBe(404);

    const stop = await member.createWorkspaceBuild(ws.id, { transition: 'stop', rich_parameter_values: [{ name: 'size', value: '3' }] });
    expect(stop).toMatchObject({ build_number: 2, status: 'pending' });
    const params = await member.workspaceBuildParameters(stop.id);
    expect(params).toEqual(expect.arrayContaining([{ name: 'size', value: '3' }, { name: 'token', value: 'abc' }, { name: 'once', value: 'x' }]));
    const stopJob = await acquire(daemon);
    if (stopJob.type.kind !== 'workspace_build') throw new Error('expected a build');
    expect(new TextDecoder().decode(stopJob.type.state)).toBe('{"v":1}');
    expect(stopJob.type.previousParameterValues).toEqual(expect.arrayContaining([{ name: 'size', value: '2' }]));
    expect((await member.workspace(ws.id)).latest_build.status).toBe('stopping');
    await daemon.completeJob({ jobId: stopJob.jobId, type: { kind: 'workspace_build', state: new TextEncoder().encode('{"v":2}'), resources: [resource('home')] } });
    expect((await member.workspace(ws.id)).latest_build.status).toBe('stopped');

    const list = await member.workspaces({ q: 'owner:me status:stopped' });
    expect(list).toMatchObject({ count: 1, workspaces: [{ id: ws.id }] });
    expect((await owner.workspaces({ q: 'template:lifecycle' })).count).toBe(1);
    expect((await owner.workspaces({ q: 'member/dev' })).count).toBe(1);
    expect((await owner.workspaces({ q: 'status:running' })).count).toBe(0);
    expect((await apiErrorOf(owner.workspaces({ q: 'color:blue' }))).status).toBe(400);
    expect((await owner.workspaceByOwnerAndName('member', 'dev')).id).toBe(ws.id);
    expect((await member.workspaceBuilds(ws.id)).map((b) => b.build_number)).toEqual([2, 1]);
    expect((await member.workspaceBuildByNumber('member', 'dev', 1)).id).toBe(ws.latest_build.id);
    expect((await apiErrorOf(owner.deleteTemplate(templateId))).status).toBe(400);

    const del = await member.createWorkspaceBuild(ws.id, { transition: 'delete' });
    const delJob = await acquire(daemon);
    expect((await member.workspace(ws.id)).latest_build.status).toBe('deleting');
    await daemon.completeJob({ jobId: delJob.jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [] } });
    const gone = await apiErrorOf(member.workspace(ws.id));
    expect(gone.status).toBe(410);
    expect((await member.workspace(ws.id, { includeDeleted: true })).latest_build).toMatchObject({ id: del.id, status: 'deleted' });
    expect((await member.workspaces()).count).toBe(0);
    expect((await owner.deleteTemplate(templateId)).message).toBe('Template has been deleted!');
  });

  it('deletes an orphan workspace at once for template admins only, and lets owners cancel', async () => {
    const { templateId } = await importTemplate(owner, daemon, orgId, 'orphans');
    const ws = await member.createUserWorkspace('me', { name: 'orphan', template_id: templateId });
    const job = await acquire(daemon);
    await daemon.failJob({ jobId: job.jobId, error: 'terraform apply failed', state: new TextEncoder().encode('partial') });
    expect((await member.workspace(ws.id)).latest_build).toMatchObject({ status: 'failed', job: { error: 'terraform apply failed' } });

    const start = await member.createWorkspaceBuild(ws.id, { transition: 'start' });
    expect(await member.cancelWorkspaceBuild(start.id)).toMatchObject({ message: expect.any(String) });
    expect((await member.workspaceBuild(start.id)).status).toBe('canceled');
    const again = await member.createWorkspaceBuild(ws.id, { transition: 'start' });
    const running = await acquire(daemon);
    await member.cancelWorkspaceBuild(again.id);
    expect((await member.workspaceBuild(again.id)).status).toBe('canceling');
    expect(await daemon.updateJob({ jobId: running.jobId, logs: [] })).toMatchObject({ canceled: true });
    await daemon.failJob({ jobId: running.jobId, error: 'canceled' });
    expect((await apiErrorOf(member.cancelWorkspaceBuild(again.id))).response.message).toBe('Job has already completed!');

    expect((await apiErrorOf(member.createWorkspaceBuild(ws.id, { transition: 'delete', orphan: true }))).status).toBe(403);
    expect((await apiErrorOf(owner.createWorkspaceBuild(ws.id, { transition: 'stop', orphan: true }))).status).toBe(400);
    const orphan = await owner.createWorkspaceBuild(ws.id, { transition: 'delete', orphan: true });
    expect(orphan.status).toBe('deleted');
    expect((await apiErrorOf(member.workspace(ws.id))).status).toBe(410);
  });

  it('hides other users\u2019 workspaces', async () => {
    const { templateId } = await importTemplate(owner, daemon, orgId, 'private');
    const ws = await owner.createWorkspace(orgId, 'me', { name: 'mine', template_id: templateId });
    expect((await apiErrorOf(member.workspace(ws.id))).status).toBe(404);
    expect((await apiErrorOf(member.workspaceByOwnerAndName('owner', 'mine'))).status).toBe(404);
    expect((await member.workspaces({ q: 'owner:owner' })).count).toBe(0);
    expect((await apiErrorOf(member.workspaceBuild(ws.latest_build.id))).status).toBe(404);
    await acquire(daemon).then((j) => daemon.failJob({ jobId: j.jobId, error: 'not needed' }));
  });
});
