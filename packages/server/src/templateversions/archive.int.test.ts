// Archiving template versions: what is in use stays, archived versions are hidden and unusable.
import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorOf, startTestServer, withMember, withOwner, type TestServer } from '../../../../test/support/server';
import type { ServerProvisionerDaemonApi } from '../jobs/daemon-api';
import { acquire, importTemplate, MAIN_TF, resource, startDaemon, tarOf } from '../jobs/daemon.testkit';

let server: TestServer;
let owner: Client;
let orgId: string;
let daemon: ServerProvisionerDaemonApi;
let templateId: string;
let v1: string;

/** A new version of the template, imported (or failed) by the test as daemon. */
async function newVersion(tag: string, fail = false): Promise<string> {
  const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': `${MAIN_TF}# ${tag}\n` }));
  const v = await owner.createTemplateVersion(orgId, { storage_method: 'file', file_id: hash, provisioner: 'terraform', template_id: templateId });
  const job = await acquire(daemon);
  if (fail) await daemon.failJob({ jobId: job.jobId, error: 'terraform: boom' });
  else await daemon.completeJob({ jobId: job.jobId, type: { kind: 'template_import', startResources: [resource('dev')], stopResources: [], richParameters: [], externalAuthProviders: [], presets: [] } });
  return v.id;
}

beforeAll(async () => {
  server = await startTestServer();
  ({ client: owner, organizationId: orgId } = await withOwner(server));
  daemon = await startDaemon(server.ctx, orgId);
  const imported = await importTemplate(owner, daemon, orgId, 'archivable');
  templateId = imported.templateId;
  v1 = imported.version.id;
});
afterAll(async () => {
  await daemon?.close();
  await server?.close();
});

describe('archiving template versions', () => {
  it('never archives the active version or one a workspace is on', async () => {
    const active = await apiErrorOf(owner.archiveTemplateVersion(v1));
    expect([active.status, active.response.message]).toEqual([400, 'Unable to archive specified version, the version is likely in use by a workspace or currently set to the active version']);
    const v2 = await newVersion('v2');
    await owner.updateActiveTemplateVersion(templateId, v2);
    // v1 is no longer active, but a workspace's latest build is on it.
    const ws = await owner.createWorkspace(orgId, 'me', { name: 'dev', template_version_id: v1 });
    await acquire(daemon).then((job) => daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [] } }));
    expect((await apiErrorOf(owner.archiveTemplateVersion(v1))).status).toBe(400);
    await owner.createWorkspaceBuild(ws.id, { transition: 'delete', orphan: true });
    expect(await owner.archiveTemplateVersion(v1)).toBe(`template version "${v1}" archived`);
    expect((await apiErrorOf(owner.archiveTemplateVersion(v1))).response.message).toBe('Template version already archived');
  });

  it('hides archived versions unless asked, and refuses them for promotion and new workspaces', async () => {
    expect((await owner.templateVersionsByTemplate(templateId)).map((v) => v.id)).not.toContain(v1);
    expect((await owner.raw('GET', `/api/v2/templates/${templateId}/versions?include_archived=true`).then((r) => r.json()) as Array<{ id: string; archived: boolean }>).find((v) => v.id === v1)?.archived).toBe(true);
    expect((await apiErrorOf(owner.updateActiveTemplateVersion(templateId, v1))).response.message).toBe('The provided template version is archived.');
    const create = await apiErrorOf(owner.createWorkspace(orgId, 'me', { name: 'old', template_version_id: v1 }));
    expect([create.status, create.response.message]).toEqual([400, 'Archived template versions cannot be used to make a workspace.']);
    expect(await owner.unarchiveTemplateVersion(v1)).toBe(`template version "${v1}" unarchived`);
    expect((await owner.templateVersionsByTemplate(templateId)).map((v) => v.id)).toContain(v1);
  });

  it('archives the failed imports of a template, or with all every unused version', async () => {
    const failed = await newVersion('broken', true);
    const spare = await newVersion('spare');
    expect(await owner.archiveTemplateVersions(templateId)).toEqual({ template_id: templateId, archived_ids: [failed] });
    const all = await owner.archiveTemplateVersions(templateId, { all: true });
    expect(all.archived_ids.sort()).toEqual([v1, spare].sort());
    const left = await owner.templateVersionsByTemplate(templateId);
    expect(left.map((v) => v.id)).toEqual([(await owner.template(templateId)).active_version_id]);
  });

  it('is for template administrators', async () => {
    const member = await withMember(server, owner);
    expect((await apiErrorOf(member.archiveTemplateVersions(templateId))).status).toBe(403);
    expect((await apiErrorOf(member.unarchiveTemplateVersion(v1))).status).toBe(403);
  });
});
