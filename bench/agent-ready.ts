/**
 * From `create` to a ready agent with examples/templates/local: a real server with one built-in
 * provisioner daemon, the template's init script downloading the real agent binary from the
 * server, and the agent running its startup script. 10 workspaces one after another; for each,
 * create → build succeeded → agent connected → agent ready.
 *   npm run bench -- agent-ready
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TemplateVersion, Workspace } from '@warren/sdk';
import { tarOf } from '../packages/provisionerd/src/archive/tar-fixture.testkit';
// @ts-expect-error a plain script without types
import { ensureAgent } from '../scripts/ensure-agent.mjs';
import { agentOf } from '../test/e2e/support/agent-workspace';
import { report, startBenchServer, until } from './support';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const templateDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../examples/templates/local');

(ensureAgent as () => boolean)();
const workspacesDir = mkdtempSync(path.join(os.tmpdir(), 'warren-bench-ready-'));
const { server, owner, organizationId } = await startBenchServer({ 'provisioner-daemons': '1' });
const created: Workspace[] = [];
try {
  const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': readFileSync(path.join(templateDir, 'main.tf'), 'utf8') }));
  const queued = await owner.createTemplateVersion(organizationId, {
    storage_method: 'file',
    file_id: hash,
    provisioner: 'terraform',
    tags: {},
    user_variable_values: [{ name: 'workspaces_dir', value: workspacesDir }],
  });
  const version = await until<TemplateVersion>('the template import', async () => {
    const v = await owner.templateVersion(queued.id);
    if (v.job.status === 'failed') throw new Error(v.job.error);
    return v.job.status === 'succeeded' ? v : undefined;
  });
  const template = await owner.createTemplate(organizationId, { name: 'bench-local', template_version_id: version.id });

  const total: number[] = [];
  const builds: number[] = [];
  const connects: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const ws = await owner.createUserWorkspace('me', { name: `ready-${i}`, template_id: template.id });
    created.push(ws);
    let built = 0;
    let connected = 0;
    await until('the agent to be ready', async () => {
      const w = await owner.workspace(ws.id);
      if (w.latest_build.job.status === 'failed') throw new Error(w.latest_build.job.error);
      if (!built && w.latest_build.job.status === 'succeeded') built = performance.now();
      const a = agentOf(w);
      if (!connected && a?.status === 'connected') connected = performance.now();
      if (a && ['start_error', 'start_timeout'].includes(a.lifecycle_state)) throw new Error(`agent ${a.lifecycle_state}`);
      return a?.status === 'connected' && a.lifecycle_state === 'ready' ? a : undefined;
    }, 60_000, 5);
    const done = performance.now();
    total.push(done - started);
    builds.push((built || done) - started);
    connects.push((connected || done) - started);
  }
  report('create → build succeeded', builds);
  report('create → agent connected', connects);
  report('create → agent ready', total);
} finally {
  // Deleting runs the template's stop script, which ends each workspace's processes.
  for (const ws of created) {
    await owner.createWorkspaceBuild(ws.id, { transition: 'delete' }).catch(() => undefined);
  }
  await until('the workspaces to be deleted', async () => {
    const left = await Promise.all(created.map((w) => owner.workspace(w.id).then((x) => x.latest_build.job.status !== 'succeeded' || x.latest_build.transition !== 'delete', () => false)));
    return left.some(Boolean) ? undefined : true;
  }, 60_000, 50).catch((err: unknown) => console.error(String(err)));
  await server.close();
  rmSync(workspacesDir, { recursive: true, force: true });
}
