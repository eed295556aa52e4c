/**
 * From `create` to a ready agent with examples/templates/docker: a real server (listening on
 * 0.0.0.0, access URL http://127.0.0.1:<port>, which the template rewrites to
 * host.docker.internal) with one built-in provisioner daemon serving the docker provider
 * in-process, the real Docker engine, and the real agent binary downloaded inside each new
 * container from the server. Each workspace is deleted (container and home volume) before the next.
 * Prints medians of BENCH_RUNS (default 10): create → build succeeded, → agent connected, → ready,
 * and the build's plan and apply stages.
 *   npm run bench -- docker-workspace
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Workspace, WorkspaceBuildTimings } from '@warren/sdk';
import { tarOf } from '../packages/node-kit/src/archive/tar-fixture.testkit';
// @ts-expect-error a plain script without types
import { ensureAgent } from '../scripts/ensure-agent.mjs';
import { buildWarrenImages, dockerEngineMissing } from '../test/support/docker-images';
import { agentOf } from '../test/e2e/support/agent-workspace';
import { followJobLogs, percentile, report, startBenchServer, watchWorkspace } from './support';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const templateDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../examples/templates/docker');
const mainTf = readFileSync(path.join(templateDir, 'main.tf'), 'utf8');

const missing = await dockerEngineMissing();
if (missing) {
  console.log(`skipped: ${missing}`);
} else {
  if (process.env.BENCH_NO_AGENT_BUILD !== '1') (ensureAgent as () => boolean)();
  await buildWarrenImages();
  await bench();
}

async function bench(): Promise<void> {
  const { server, owner, organizationId } = await startBenchServer({ 'provisioner-daemons': '1', 'http-address': '0.0.0.0:0' });
  const ms = (from: string, to: string) => Date.parse(to) - Date.parse(from);
  const stageOf = (timings: WorkspaceBuildTimings, stage: string) => {
    const t = timings.provisioner_timings.find((p) => p.resource === `coder_stage_${stage}`);
    return t ? ms(t.started_at, t.ended_at) : NaN;
  };

  const remove = async (ws: Workspace) => {
    const build = await owner.createWorkspaceBuild(ws.id, { transition: 'delete' });
    await watchWorkspace(owner, ws.id, (w) => {
      if (w.latest_build.id !== build.id) return undefined;
      if (w.latest_build.job.status === 'failed') throw new Error(`delete failed: ${w.latest_build.job.error}`);
      return w.latest_build.job.status === 'succeeded' ? true : undefined;
    });
  };

  let alive: Workspace | undefined;
  try {
    const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': mainTf }));
    const queued = await owner.createTemplateVersion(organizationId, { storage_method: 'file', file_id: hash, provisioner: 'terraform', tags: {} });
    await followJobLogs(owner, 'templateversions', queued.id);
    const version = await owner.templateVersion(queued.id);
    if (version.job.status !== 'succeeded') throw new Error(`template import ${version.job.status}: ${version.job.error}`);
    const template = await owner.createTemplate(organizationId, { name: 'bench-docker', template_version_id: version.id });

    const rows = { built: [] as number[], connected: [] as number[], ready: [] as number[], plan: [] as number[], apply: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const created = await owner.createUserWorkspace('me', { name: `docker-${i}`, template_id: template.id });
      alive = created;
      let built = 0;
      let connected = 0;
      const workspace = await watchWorkspace(owner, created.id, (w) => {
        if (w.latest_build.job.status === 'failed') throw new Error(w.latest_build.job.error);
        if (!built && w.latest_build.job.status === 'succeeded') built = performance.now();
        const agent = agentOf(w);
        if (!connected && agent?.status === 'connected') connected = performance.now();
        if (agent && ['start_error', 'start_timeout'].includes(agent.lifecycle_state)) throw new Error(`agent ${agent.lifecycle_state}`);
        return agent?.status === 'connected' && agent.lifecycle_state === 'ready' ? w : undefined;
      }, 120_000);
      const ready = performance.now();
      rows.built.push((built || ready) - started);
      rows.connected.push((connected || ready) - started);
      rows.ready.push(ready - started);
      const timings = await owner.workspaceBuildTimings(workspace.latest_build.id);
      rows.plan.push(stageOf(timings, 'plan'));
      rows.apply.push(stageOf(timings, 'apply'));
      await remove(workspace);
      alive = undefined;
    }
    report('create → build succeeded', rows.built);
    report('create → agent connected', rows.connected);
    report('create → agent ready', rows.ready);
    report('  build: plan', rows.plan.filter((x) => !Number.isNaN(x)));
    report('  build: apply (volume + container)', rows.apply.filter((x) => !Number.isNaN(x)));
    console.log(`goal: create → agent ready ≤ 3000 ms; median ${percentile(rows.ready, 50).toFixed(0)} ms`);
  } finally {
    if (alive) await remove(alive).catch((err: unknown) => console.error(String(err)));
    await server.close();
  }
}
