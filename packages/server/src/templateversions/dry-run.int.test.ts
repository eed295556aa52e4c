// Template version dry runs: the daemon gets a plan of a would-be workspace, the initiator sees
// its resources and logs, nobody else does, and nothing is created.
import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorOf, startTestServer, withMember, withOwner, type TestServer } from '../../../../test/support/server';
import type { ServerProvisionerDaemonApi } from '../jobs/daemon-api';
import { acquire, importTemplate, resource, richParameter, startDaemon } from '../jobs/daemon.testkit';

let server: TestServer;
let owner: Client;
let orgId: string;
let daemon: ServerProvisionerDaemonApi;
let versionId: string;

beforeAll(async () => {
  server = await startTestServer();
  ({ client: owner, organizationId: orgId } = await withOwner(server));
  daemon = await startDaemon(server.ctx, orgId);
  ({ version: { id: versionId } } = await importTemplate(owner, daemon, orgId, 'plannable', [richParameter({ name: 'size', defaultValue: 'small', validationRegex: '^(small|large)$', validationError: 'small or large' })]));
});
afterAll(async () => {
  await daemon?.close();
  await server?.close();
});

describe('template version dry runs', () => {
  it('plans a would-be workspace with its name and parameters, and shows the resources', async () => {
    const job = await owner.createTemplateVersionDryRun(versionId, { workspace_name: 'preview', rich_parameter_values: [{ name: 'size', value: 'large' }] });
    expect(job).toMatchObject({ type: 'template_version_dry_run', status: 'pending' });
    const acquired = await acquire(daemon);
    if (acquired.type.kind !== 'template_dry_run') throw new Error(`expected a dry run, got ${acquired.type.kind}`);
    expect(acquired.type.richParameterValues).toEqual([{ name: 'size', value: 'large' }]);
    expect(acquired.type.metadata).toMatchObject({ workspaceName: 'preview', workspaceOwner: 'owner', workspaceTransition: 'start', templateName: 'plannable', workspaceOwnerSessionToken: '' });
    await daemon.updateJob({ jobId: acquired.jobId, logs: [{ source: 'provisioner', level: 'info', createdAt: Date.now(), stage: 'Planning', output: 'Plan: 1 to add' }] });
    await daemon.completeJob({ jobId: acquired.jobId, type: { kind: 'template_dry_run', resources: [resource('dev')] } });
    expect((await owner.templateVersionDryRun(versionId, job.id)).status).toBe('succeeded');
    expect((await owner.templateVersionDryRunResources(versionId, job.id)).map((r) => r.name)).toEqual(['dev']);
    const logs = (await owner.raw('GET', `/api/v2/templateversions/${versionId}/dry-run/${job.id}/logs`).then((r) => r.json())) as Array<{ output: string }>;
    expect(logs.map((l) => l.output)).toContain('Plan: 1 to add');
    expect((await owner.workspaces()).count).toBe(0);
  });

  it('checks the parameters as a start would, and keeps each dry run to its initiator', async () => {
    const bad = await apiErrorOf(owner.createTemplateVersionDryRun(versionId, { rich_parameter_values: [{ name: 'size', value: 'huge' }] }));
    expect(bad.status).toBe(400);
    const job = await owner.createTemplateVersionDryRun(versionId);
    const member = await withMember(server, owner);
    expect((await apiErrorOf(member.templateVersionDryRun(versionId, job.id))).status).toBe(404);
    expect((await apiErrorOf(member.cancelTemplateVersionDryRun(versionId, job.id))).status).toBe(404);
    expect(await owner.cancelTemplateVersionDryRun(versionId, job.id)).toEqual({ message: 'Job has been marked as canceled...' });
    expect((await owner.templateVersionDryRun(versionId, job.id)).status).toBe('canceled');
    expect((await apiErrorOf(owner.templateVersionDryRun(versionId, versionId))).status).toBe(404);
  });
});
