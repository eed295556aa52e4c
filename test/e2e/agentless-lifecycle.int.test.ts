import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiError, type Client } from '@warren/sdk';
import { buildTar, tarOf } from '../../packages/node-kit/src/archive/tar-fixture.testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../packages/cli/src/test-io';
import { startTestServer, withOwner, type TestServer } from '../support/server';

// The whole path a user takes, with real terraform run by a built-in provisioner daemon.
const AGENTLESS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/templates/agentless');

let server: TestServer;
let owner: Client;
let orgId: string;
let cliConfig: string;
const cli = (...argv: string[]) => runCli(['--global-config', cliConfig, '--url', server.url.toString(), '--token', owner.sessionToken!, ...argv]);

async function waitForJob<T extends { job: { status: string } }>(fetch: () => Promise<T>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await fetch();
    if (['succeeded', 'failed', 'canceled'].includes(value.job.status)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job did not finish');
}

beforeAll(async () => {
  server = await startTestServer({ daemons: 1 });
  ({ client: owner, organizationId: orgId } = await withOwner(server));
  cliConfig = mkdtempSync(path.join(os.tmpdir(), 'warren-e2e-cli-'));
});
afterAll(() => server.close());

describe('agentless workspaces, end to end', () => {
  it('pushes the template and takes a workspace through every state with the CLI', async () => {
    const records = mkdtempSync(path.join(os.tmpdir(), 'warren-agentless-'));
    const push = await cli('templates', 'push', 'agentless', '-d', AGENTLESS, '-y', '--variable', `workspaces_dir=${records}`);
    expect(push.code).toBe(0);
    expect(push.stdout).toContain('terraform_data.workspace');
    expect(push.stdout).toContain('The agentless template has been created');

    const created = await cli('create', 'demo', '-t', 'agentless', '-y');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Apply complete! Resources: 1 added');
    const ws = await owner.workspaceByOwnerAndName('me', 'demo');
    expect(ws.latest_build.status).toBe('running');
    expect(readdirSync(records)).toEqual([`${ws.id}.log`]);

    expect((await cli('stop', 'demo')).code).toBe(0);
    expect((await owner.workspace(ws.id)).latest_build.status).toBe('stopped');
    expect((await cli('start', 'demo')).code).toBe(0);
    const started = await owner.workspace(ws.id);
    expect(started.latest_build).toMatchObject({ status: 'running', build_number: 3, transition: 'start' });

    const list = await cli('list');
    expect(list.stdout).toMatch(/admin\/demo|owner\/demo/);
    expect((await cli('delete', 'demo', '-y')).code).toBe(0);
    expect(existsSync(path.join(records, `${ws.id}.log`))).toBe(false);
    await expect(owner.workspace(ws.id)).rejects.toMatchObject({ status: 410 });
    expect((await owner.workspace(ws.id, { includeDeleted: true })).latest_build.status).toBe('deleted');
  });

  it('refuses hostile and malformed uploads without writing anything', async () => {
    const upload = (bytes: Uint8Array) => owner.uploadFile(bytes).catch((e: ApiError) => e.status);
    expect(await upload(Buffer.from('definitely not a tar archive'.repeat(40)))).toBe(400);
    expect(await upload(await buildTar([{ name: '../escape.tf', content: '' }]))).toBe(400);
    expect(await upload(await buildTar([{ name: '/etc/evil.tf', content: '' }]))).toBe(400);
    expect(existsSync(path.join(os.tmpdir(), 'escape.tf'))).toBe(false);
  });

  it('fails an import with terraform\'s own message when the template has a syntax error', async () => {
    const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': 'resource "terraform_data" "x" {\n  input = \n}\n' }));
    const version = await owner.createTemplateVersion(orgId, { storage_method: 'file', file_id: hash, provisioner: 'terraform', tags: {} });
    const done = await waitForJob(() => owner.templateVersion(version.id));
    expect(done.job.status).toBe('failed');
    expect(done.job.error).toMatch(/Invalid expression/);
    const logs = await owner.templateVersionLogs(version.id);
    expect(logs.some((l) => l.log_level === 'error' && /Invalid expression/.test(l.output))).toBe(true);
  });

  it('deletes a workspace whose build failed, and orphans without running terraform', async () => {
    const marker = path.join(mkdtempSync(path.join(os.tmpdir(), 'warren-fail-')), 'fail');
    writeFileSync(marker, '');
    const tf = `resource "terraform_data" "x" {\n  provisioner "local-exec" {\n    command = "test ! -e ${marker}"\n  }\n}\n`;
    const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': tf }));
    const queued = await owner.createTemplateVersion(orgId, { storage_method: 'file', file_id: hash, provisioner: 'terraform', tags: {} });
    const version = await waitForJob(() => owner.templateVersion(queued.id));
    expect(version.job.status).toBe('succeeded');
    const template = await owner.createTemplate(orgId, { name: 'flaky', template_version_id: version.id });

    const failing = await owner.createUserWorkspace('me', { name: 'broken', template_id: template.id });
    const failed = await waitForJob(() => owner.workspaceBuild(failing.latest_build.id));
    expect(failed.status).toBe('failed');
    const del = await owner.createWorkspaceBuild(failing.id, { transition: 'delete' });
    expect((await waitForJob(() => owner.workspaceBuild(del.id))).status).toBe('deleted');

    const orphan = await owner.createUserWorkspace('me', { name: 'orphan', template_id: template.id });
    await waitForJob(() => owner.workspaceBuild(orphan.latest_build.id));
    const gone = await owner.createWorkspaceBuild(orphan.id, { transition: 'delete', orphan: true });
    const done = await waitForJob(() => owner.workspaceBuild(gone.id));
    expect(done.status).toBe('deleted');
    expect((await owner.workspaceBuildLogs(gone.id)).some((l) => /Apply complete|Destroy complete/.test(l.output))).toBe(false);
  });
});
