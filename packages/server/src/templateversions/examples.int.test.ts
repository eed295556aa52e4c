// Template versions made from a starter template (`example_id`), as Coder makes them from its examples.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readArchive } from '@warren/node-kit/archive/read-archive';
import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorOf, startTestServer, withOwner, type TestServer } from '../../../../test/support/server';
import type { ServerProvisionerDaemonApi } from '../jobs/daemon-api';
import { acquire, startDaemon, tarOf } from '../jobs/daemon.testkit';
import { EXAMPLES_DIR } from '../templates/examples';

let server: TestServer;
let owner: Client;
let orgId: string;
let daemon: ServerProvisionerDaemonApi;

/** The files of a tar archive, by path. */
async function filesOf(bytes: Uint8Array): Promise<Map<string, string>> {
  const entries = await readArchive(bytes);
  return new Map(entries.flatMap((e) => (e.kind === 'file' ? [[e.path, e.content.toString()] as [string, string]] : [])));
}

beforeAll(async () => {
  server = await startTestServer();
  ({ client: owner, organizationId: orgId } = await withOwner(server));
  daemon = await startDaemon(server.ctx, orgId);
});
afterAll(async () => {
  await daemon?.close();
  await server?.close();
});

describe('template versions from a starter template', () => {
  it('imports the example as it is in this checkout', async () => {
    const version = await owner.createTemplateVersion(orgId, { storage_method: 'file', example_id: 'agentless', provisioner: 'terraform' });
    expect(version.job.status).toBe('pending');
    const job = await acquire(daemon);
    const files = await filesOf(job.templateSourceArchive);
    expect(files.get('main.tf')).toBe(readFileSync(path.join(EXAMPLES_DIR, 'agentless', 'main.tf'), 'utf8'));
    expect([...files.keys()]).toContain('README.md');
    // The same example again is the same stored file.
    const again = await owner.createTemplateVersion(orgId, { storage_method: 'file', example_id: 'agentless', provisioner: 'terraform' });
    expect(again.job.file_id).toBe(version.job.file_id);
  });

  it('refuses an unknown example, and an example with a file', async () => {
    const unknown = await apiErrorOf(owner.createTemplateVersion(orgId, { storage_method: 'file', example_id: '../../etc', provisioner: 'terraform' }));
    expect([unknown.status, unknown.response.message]).toEqual([400, 'Example not found.']);
    const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': 'terraform {}\n' }));
    const both = await apiErrorOf(owner.createTemplateVersion(orgId, { storage_method: 'file', example_id: 'agentless', file_id: hash, provisioner: 'terraform' }));
    expect([both.status, both.response.message]).toEqual([400, 'You cannot specify both an example_id and a file_id.']);
  });
});
