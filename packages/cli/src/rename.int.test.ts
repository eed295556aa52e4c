// `warren rename` against a real server that allows renames, with the test as provisioner daemon.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliDeployment, type CliDeployment } from './cli-deployment.testkit';

let d: CliDeployment;
const cli = (...argv: string[]) => d.cli(...argv);

beforeAll(async () => {
  d = await startCliDeployment('renamable', { 'allow-workspace-renames': 'true' });
  await d.owner.createWorkspace(d.orgId, 'me', { name: 'dev', template_id: d.templateId });
});
afterAll(() => d?.close());

describe('warren rename', () => {
  it('asks for the name to be typed, and renames with --yes', async () => {
    const asked = await cli('rename', 'dev', 'dev-2');
    expect([asked.code, asked.stderr]).toEqual([1, 'error: Missing --yes: it cannot be asked for because the input is not a terminal.\n']);
    const done = await cli('rename', 'dev', 'dev-2', '-y');
    expect(done.stdout).toContain('WARNING: A rename can result in data loss');
    expect(done.stdout).toContain('Workspace "dev" renamed to "dev-2"');
    expect((await d.owner.workspaceByOwnerAndName('me', 'dev-2')).name).toBe('dev-2');
    const bad = await cli('rename', 'dev-2', 'no spaces', '-y');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('name');
  });
});
