// update, autoupdate, favorite, templates pull|delete, users edit-roles and state pull|push against
// a real server, with the test as provisioner daemon.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProvisionerDaemonApi } from '../../server/src/jobs/daemon-api';
import { acquire, importTemplate, MAIN_TF, resource, richParameter, tarOf } from '../../server/src/jobs/daemon.testkit';
import { startCliDeployment, type CliDeployment } from './cli-deployment.testkit';

let d: CliDeployment;
let owner: Client;
let orgId: string;
let daemon: ServerProvisionerDaemonApi;
let templateId: string;
let workspaceId: string;
const cli = (...argv: string[]) => d.cli(...argv);

/** Completes the next build the server queues, leaving `state` as its terraform state. */
async function finishBuild(state = '{}'): Promise<void> {
  const job = await acquire(daemon);
  await daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: new TextEncoder().encode(state), resources: [resource('dev')] } });
}

beforeAll(async () => {
  d = await startCliDeployment('basic');
  ({ owner, orgId, daemon, templateId } = d);
  workspaceId = (await owner.createWorkspace(orgId, 'me', { name: 'dev', template_id: templateId })).id;
  await finishBuild('{"version":4,"serial":1}');
});
afterAll(() => d?.close());

describe('workspace and template commands', () => {
  it('updates an outdated workspace to the active version, asking only for new parameters', async () => {
    expect((await cli('update', 'dev')).stdout).toBe('Workspace is up-to-date.\n');
    const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': `${MAIN_TF}# v2\n` }));
    const v2 = await owner.createTemplateVersion(orgId, { storage_method: 'file', file_id: hash, provisioner: 'terraform', template_id: templateId });
    const job = await acquire(daemon);
    await daemon.completeJob({ jobId: job.jobId, type: { kind: 'template_import', startResources: [resource('dev')], stopResources: [], richParameters: [richParameter({ name: 'size', defaultValue: 'small' })], externalAuthProviders: [], presets: [] } });
    await owner.updateActiveTemplateVersion(templateId, v2.id);
    const updating = cli('update', 'dev', '--parameter', 'size=large');
    await finishBuild();
    expect((await updating).stdout).toContain('The dev workspace has been updated');
    const ws = await owner.workspace(workspaceId);
    expect(ws.latest_build.template_version_id).toBe(v2.id);
    expect(await owner.workspaceBuildParameters(ws.latest_build.id)).toEqual([{ name: 'size', value: 'large' }]);
  });

  it('sets the auto-update policy and favourites', async () => {
    expect((await cli('autoupdate', 'dev', 'always')).stdout).toBe('Updated workspace "dev" auto-update policy to "always"\n');
    expect((await owner.workspace(workspaceId)).automatic_updates).toBe('always');
    expect((await cli('autoupdate', 'dev', 'sometimes')).stderr).toContain('use always or never');
    expect((await cli('favorite', 'dev')).stdout).toBe('Workspace "dev" added to favorites.\n');
    expect((await owner.workspace(workspaceId)).favorite).toBe(true);
    expect((await cli('unfav', 'dev')).stdout).toBe('Workspace "dev" removed from favorites.\n');
    expect((await owner.workspace(workspaceId)).favorite).toBe(false);
  });

  it('pulls the active version of a template into a folder, or as a tar', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'warren-pull-')), 'basic');
    expect((await cli('templates', 'pull', 'basic', dir)).stdout).toMatch(/^Wrote template basic version \S+ into /);
    expect(readFileSync(path.join(dir, 'main.tf'), 'utf8')).toBe(`${MAIN_TF}# v2\n`);
    expect((await cli('templates', 'pull', 'basic', dir)).stderr).toContain('must be empty');
    const tar = await cli('templates', 'pull', 'basic', '--tar');
    expect(tar.stdout).toContain(`${MAIN_TF}# v2`);
  });

  it('deletes a template nobody uses, and edits site roles', async () => {
    await importTemplate(owner, daemon, orgId, 'spare');
    expect((await cli('templates', 'delete', 'spare', '-y')).stdout).toMatch(/^Deleted spare at /);
    expect((await owner.templates()).map((t) => t.name)).toEqual(['basic']);
    await owner.createUser({ email: 'tina@example.com', username: 'tina', password: 'Tina-has-a-long-passw0rd' });
    expect((await cli('users', 'edit-roles', 'tina', '--roles', 'template-admin,auditor')).stdout).toBe('User tina now has template-admin, auditor.\n');
    expect((await owner.user('tina')).roles.map((r) => r.name).sort()).toEqual(['auditor', 'template-admin']);
    expect((await cli('users', 'edit-roles', 'tina')).stdout).toBe('User tina now has no site roles but member.\n');
  });

  it('pulls the terraform state of a build and pushes a fixed one as a new build', async () => {
    const first = await cli('state', 'pull', 'dev', '--build', '1');
    expect(first.stdout).toBe('{"version":4,"serial":1}');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'warren-state-')), 'state.json');
    writeFileSync(file, '{"version":4,"serial":9}');
    const pushing = cli('state', 'push', 'dev', file);
    const job = await acquire(daemon);
    if (job.type.kind !== 'workspace_build') throw new Error('expected a build');
    expect(new TextDecoder().decode(job.type.state)).toBe('{"version":4,"serial":9}');
    await daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: job.type.state, resources: [resource('dev')] } });
    expect((await pushing).code).toBe(0);
    expect((await cli('state', 'pull', 'dev')).stdout).toBe('{"version":4,"serial":9}');
    expect((await cli('state', 'pull', 'dev', '--build', 'x')).stderr).toContain('--build must be a build number');
  });
});
