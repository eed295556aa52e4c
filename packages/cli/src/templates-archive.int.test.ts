// `warren templates archive` and `templates versions archive|unarchive` against a real server.
import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProvisionerDaemonApi } from '../../server/src/jobs/daemon-api';
import { acquire, MAIN_TF, tarOf } from '../../server/src/jobs/daemon.testkit';
import { startCliDeployment, type CliDeployment } from './cli-deployment.testkit';

let d: CliDeployment;
let owner: Client;
let daemon: ServerProvisionerDaemonApi;
let templateId: string;
let failedName: string;
const cli = (...argv: string[]) => d.cli(...argv);

beforeAll(async () => {
  d = await startCliDeployment('archivable');
  ({ owner, daemon, templateId } = d);
  const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': `${MAIN_TF}# broken\n` }));
  const failed = await owner.createTemplateVersion(d.orgId, { storage_method: 'file', file_id: hash, provisioner: 'terraform', template_id: templateId });
  failedName = failed.name;
  await daemon.failJob({ jobId: (await acquire(daemon)).jobId, error: 'terraform: boom' });
});
afterAll(() => d?.close());

describe('archiving from the CLI', () => {
  it("archives a template's failed versions, and unarchives one by name", async () => {
    const asked = await cli('templates', 'archive', 'archivable');
    expect(asked.stderr).toContain('Missing --yes');
    expect((await cli('templates', 'archive', 'archivable', '-y')).stdout).toBe('Archived 1 versions from archivable\n');
    expect((await cli('templates', 'versions', 'list', 'archivable')).stdout).not.toContain(failedName);
    expect((await cli('templates', 'versions', 'unarchive', 'archivable', failedName, '-y')).stdout).toBe(`Version ${failedName} unarchived\n`);
    expect((await owner.templateVersionsByTemplate(templateId)).map((v) => v.name)).toContain(failedName);
    expect((await cli('templates', 'versions', 'archive', 'archivable', failedName, '-y')).stdout).toBe(`Version ${failedName} archived\n`);
    const active = (await owner.template(templateId)).active_version_id;
    const activeName = (await owner.templateVersion(active)).name;
    const refused = await cli('templates', 'versions', 'archive', 'archivable', activeName, '-y');
    expect([refused.code, refused.stderr]).toEqual([1, 'error: Unable to archive specified version, the version is likely in use by a workspace or currently set to the active version\n']);
  });
});
