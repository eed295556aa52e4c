/**
 * `warren support bundle` against a real server with a built workspace: the zip holds Coder's
 * files, reads back, and carries none of the deployment's secrets.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiFixture, type ApiFixture } from '../../../test/support/api-fixture';
import { startTestServer, type TestServer } from '../../../test/support/server';
import { REDACTED } from './support-bundle';
import { runCli } from './test-io';

const PSK = 'psk-for-the-bundle-test-0123456789abcdef';
let server: TestServer;
let api: ApiFixture;
let dir: string;

beforeAll(async () => {
  server = await startTestServer({ flags: { 'provisioner-daemon-psk': PSK } });
  api = await buildApiFixture(server, 'bundled');
  dir = mkdtempSync(path.join(os.tmpdir(), 'warren-bundle-'));
});
afterAll(async () => {
  await api.daemon.close();
  await server.close();
});

const env = (token: string) => ({ CODER_URL: server.url.toString(), CODER_SESSION_TOKEN: token });

describe('warren support bundle', () => {
  it("writes Coder's files for the deployment, the workspace and its agent, without a secret in any of them", async () => {
    const output = path.join(dir, 'bundle.zip');
    const res = await runCli(['support', 'bundle', api.fixture.workspaceName, '--output-file', output, '--yes'], env(api.tokens.owner));
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`Wrote support bundle to ${output}`);

    const files = Object.fromEntries(Object.entries(unzipSync(readFileSync(output))).map(([name, bytes]) => [name, strFromU8(bytes)]));
    expect(Object.keys(files).sort()).toEqual([
      'README.md',
      'agent/agent.json',
      'agent/logs.txt',
      'cli_logs.txt',
      'deployment/buildinfo.json',
      'deployment/config.json',
      'deployment/entitlements.json',
      'deployment/experiments.json',
      'deployment/health.json',
      'deployment/health_settings.json',
      'deployment/stats.json',
      'deployment/workspaces.json',
      'network/connection_info.json',
      'network/netcheck.json',
      'workspace/build_logs.txt',
      'workspace/builds.json',
      'workspace/parameters.json',
      'workspace/template.json',
      'workspace/template_version.json',
      'workspace/workspace.json',
    ]);
    const read = (name: string) => JSON.parse(files[name]!) as Record<string, unknown>;
    expect(read('deployment/buildinfo.json').version).toBe(server.ctx.version);
    expect(read('deployment/health.json')).toHaveProperty('database.reachable', true);
    expect(read('workspace/workspace.json').id).toBe(api.fixture.workspaceId);
    expect((read('workspace/builds.json') as unknown as Array<{ id: string }>).map((b) => b.id)).toContain(api.fixture.buildId);
    expect(read('agent/agent.json')).toMatchObject({ id: api.fixture.agentId, environment_variables: { EDITOR: REDACTED } });
    expect(read('network/connection_info.json')).toMatchObject({ agent_id: api.fixture.agentId, transport: 'websocket-relay' });
    const options = read('deployment/config.json').options as Array<{ flag: string; value: unknown }>;
    expect(options.find((o) => o.flag === 'provisioner-daemon-psk')?.value ?? null).toBeNull();
    expect(files['cli_logs.txt']).not.toContain('[warn]');

    const secrets = [PSK, api.tokens.owner, api.tokens.member, api.tokens.agent, api.tokens.provisioner, api.fixture.provisionerKeySecret, server.ctx.db.url];
    const everything = Object.values(files).join('\n');
    for (const secret of secrets) expect(everything).not.toContain(secret);
    // The token's secret half alone (after the id) appears nowhere either.
    expect(everything).not.toContain(api.tokens.owner.split('-')[1]);
  });

  it('is refused to a member, as Coder refuses it, and asks for --yes when nobody can answer', async () => {
    const member = await runCli(['support', 'bundle', api.fixture.workspaceName, '--output-file', path.join(dir, 'm.zip'), '--yes'], env(api.tokens.member));
    expect(member.code).toBe(1);
    expect(member.stderr).toContain('failed authorization check');
    const unasked = await runCli(['support', 'bundle', api.fixture.workspaceName, '--output-file', path.join(dir, 'n.zip')], env(api.tokens.owner));
    expect(unasked.code).toBe(1);
    expect(unasked.stderr).toContain('Missing --yes');
  });
});
