// `warren rename` against a real server that allows renames, with the test as provisioner daemon.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, withOwner, type TestServer } from '../../../test/support/server';
import type { ServerProvisionerDaemonApi } from '../../server/src/jobs/daemon-api';
import { importTemplate, startDaemon } from '../../server/src/jobs/daemon.testkit';
import { runCli } from './test-io';

let server: TestServer;
let owner: Client;
let daemon: ServerProvisionerDaemonApi;
const configDir = mkdtempSync(path.join(os.tmpdir(), 'warren-cli-rename-'));
const cli = (...argv: string[]) => runCli(['--global-config', configDir, ...argv]);

beforeAll(async () => {
  server = await startTestServer({ flags: { 'allow-workspace-renames': 'true' } });
  const o = await withOwner(server);
  owner = o.client;
  daemon = await startDaemon(server.ctx, o.organizationId);
  const { templateId } = await importTemplate(owner, daemon, o.organizationId, 'renamable');
  await owner.createWorkspace(o.organizationId, 'me', { name: 'dev', template_id: templateId });
  expect((await cli('login', server.url.origin, '--token', owner.sessionToken!)).code).toBe(0);
});
afterAll(async () => {
  await daemon?.close();
  await server?.close();
});

describe('warren rename', () => {
  it('asks for the name to be typed, and renames with --yes', async () => {
    const asked = await cli('rename', 'dev', 'dev-2');
    expect([asked.code, asked.stderr]).toEqual([1, 'error: Missing --yes: it cannot be asked for because the input is not a terminal.\n']);
    const done = await cli('rename', 'dev', 'dev-2', '-y');
    expect(done.stdout).toContain('WARNING: A rename can result in data loss');
    expect(done.stdout).toContain('Workspace "dev" renamed to "dev-2"');
    expect((await owner.workspaceByOwnerAndName('me', 'dev-2')).name).toBe('dev-2');
    const bad = await cli('rename', 'dev-2', 'no spaces', '-y');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('name');
  });
});
