/**
 * From `create` to a ready agent with examples/templates/local: a real server with one built-in
 * provisioner daemon, the template's init script fetching the real agent binary from the server
 * (through the provisioner host's shared agent cache), and the agent running its startup script.
 * Prints medians of BENCH_RUNS (default 10):
 *  - terraform's own floor here (plan then apply of an empty configuration), sampled before the
 *    server starts and again after each warm build, so the ratio compares runs made under the
 *    same load (the server, the daemon and the workspaces' agents running);
 *  - template import (upload → import job succeeded, followed over the job's log stream);
 *  - create → build succeeded, → agent connected, → agent ready, with the agent cache emptied
 *    before each create (cold) and filled (warm); timed from the workspace's event stream;
 *  - plan + apply of the warm builds (the daemon's own stage timings) against the floor sampled
 *    between them;
 *  - the agent's resident memory idle after terminal traffic, beside that of a bare `node` of
 *    this machine idling for as long (the runtime's own floor).
 * BENCH_STAGES=1 adds the stage-by-stage breakdown of each phase (the build's stage timings, the
 * agent's connection and scripts), so a regression shows where it is.
 *   npm run bench -- agent-ready
 *   BENCH_STAGES=1 npm run bench -- agent-ready
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SESSION_TOKEN_HEADER, type Client, type TemplateVersion, type Workspace, type WorkspaceBuildTimings } from '@warren/sdk';
import WebSocket from 'ws';
import { tarOf } from '../packages/node-kit/src/archive/tar-fixture.testkit';
// @ts-expect-error a plain script without types
import { ensureAgent } from '../scripts/ensure-agent.mjs';
import { agentOf } from '../test/e2e/support/agent-workspace';
import { followJobLogs, percentile, report, startBenchServer, terraformFloor, watchWorkspace } from './support';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const STAGES = process.env.BENCH_STAGES === '1';
const IDLE_MS = 10_000;
const templateDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../examples/templates/local');
const mainTf = readFileSync(path.join(templateDir, 'main.tf'), 'utf8');
const installCodeServer = readFileSync(path.join(templateDir, 'install-code-server.sh'), 'utf8');

if (process.env.BENCH_NO_AGENT_BUILD !== '1') (ensureAgent as () => boolean)();
const floor = await terraformFloor();
const quietFloor: number[] = [];
for (let i = 0; i < RUNS; i++) quietFloor.push(await floor.sample());
const floorBetweenBuilds: number[] = [];
const workspacesDir = mkdtempSync(path.join(os.tmpdir(), 'warren-bench-ready-'));
const agentCache = path.join(workspacesDir, '.agent-cache');
const { server, owner, organizationId } = await startBenchServer({ 'provisioner-daemons': '1' });
const ms = (from: string, to: string) => Date.parse(to) - Date.parse(from);
const stageRows = new Map<string, number[]>();
const addStage = (name: string, value: number) => stageRows.set(name, [...(stageRows.get(name) ?? []), value]);
let alive: Workspace | undefined;

interface Run {
  built: number;
  connected: number;
  ready: number;
  planApply: number;
}

async function importVersion(marker: string) {
  const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': `${mainTf}\n# ${marker}\n`, 'install-code-server.sh': installCodeServer }));
  const queued = await owner.createTemplateVersion(organizationId, {
    storage_method: 'file', file_id: hash, provisioner: 'terraform', tags: {},
    // Without code-server: its install takes minutes on a first run, and the figures are the agent's.
    user_variable_values: [{ name: 'workspaces_dir', value: workspacesDir }, { name: 'code_server', value: 'false' }],
  });
  await followJobLogs(owner, 'templateversions', queued.id);
  const version = await owner.templateVersion(queued.id);
  if (version.job.status !== 'succeeded') throw new Error(`template import ${version.job.status}: ${version.job.error}`);
  if (STAGES) await recordImportStages(version);
  return version;
}

/** When each stage of an import began (its first log line) and when the job completed, from the job's start. */
async function recordImportStages(version: TemplateVersion): Promise<void> {
  const started = version.job.started_at;
  if (!started) return;
  const seen = new Set<string>();
  for (const log of await owner.templateVersionLogs(version.id)) {
    if (seen.has(log.stage)) continue;
    seen.add(log.stage);
    addStage(`import: ${log.stage} begins`, ms(started, log.created_at));
  }
  if (version.job.completed_at) addStage('import: job acquired → completed', ms(started, version.job.completed_at));
}

/** Creates a workspace and follows its event stream until its agent is ready. */
async function createReady(templateId: string, name: string): Promise<{ run: Run; workspace: Workspace }> {
  const started = performance.now();
  const ws = await owner.createUserWorkspace('me', { name, template_id: templateId });
  let built = 0;
  let connected = 0;
  const workspace = await watchWorkspace(owner, ws.id, (w) => {
    if (w.latest_build.job.status === 'failed') throw new Error(w.latest_build.job.error);
    if (!built && w.latest_build.job.status === 'succeeded') built = performance.now();
    const a = agentOf(w);
    if (!connected && a?.status === 'connected') connected = performance.now();
    if (a && ['start_error', 'start_timeout'].includes(a.lifecycle_state)) throw new Error(`agent ${a.lifecycle_state}`);
    return a?.status === 'connected' && a.lifecycle_state === 'ready' ? w : undefined;
  }).catch((err: unknown) => {
    const log = path.join(workspacesDir, `${ws.owner_name}-${ws.name}`.toLowerCase(), 'run', 'agent.log');
    console.error(`${String(err)}\nlast lines of ${log}:\n${existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-30).join('\n') : '(none)'}`);
    throw err;
  });
  const ready = performance.now();
  const timings = await owner.workspaceBuildTimings(workspace.latest_build.id);
  return { run: { built: (built || ready) - started, connected: (connected || ready) - started, ready: ready - started, planApply: planApplyOf(timings) }, workspace };
}

function planApplyOf(timings: WorkspaceBuildTimings): number {
  const stage = (s: string) => timings.provisioner_timings.find((t) => t.resource === `coder_stage_${s}`);
  const [plan, apply] = [stage('plan'), stage('apply')];
  return plan && apply ? ms(plan.started_at, plan.ended_at) + ms(apply.started_at, apply.ended_at) : NaN;
}

async function recordStages(kind: string, workspace: Workspace): Promise<void> {
  const timings = await owner.workspaceBuildTimings(workspace.latest_build.id);
  const job = workspace.latest_build.job;
  for (const t of timings.provisioner_timings) {
    if (t.resource.startsWith('coder_stage_')) addStage(`${kind} build: ${t.stage}`, ms(t.started_at, t.ended_at));
    else addStage(`${kind} build: ${t.stage} ${t.action} ${t.resource}`, ms(t.started_at, t.ended_at));
  }
  if (job.started_at && job.completed_at) addStage(`${kind} build: job acquired → completed`, ms(job.started_at, job.completed_at));
  for (const c of timings.agent_connection_timings) addStage(`${kind} agent: build end → first connection`, ms(c.started_at, c.ended_at));
  for (const s of timings.agent_script_timings) addStage(`${kind} agent: script ${s.display_name}`, ms(s.started_at, s.ended_at));
}

async function remove(ws: Workspace): Promise<void> {
  const build = await owner.createWorkspaceBuild(ws.id, { transition: 'delete' });
  await watchWorkspace(owner, ws.id, (w) => {
    if (w.latest_build.id !== build.id) return undefined;
    if (w.latest_build.job.status === 'failed') throw new Error(`delete failed: ${w.latest_build.job.error}`);
    return w.latest_build.job.status === 'succeeded' ? true : undefined;
  });
}

/** The agent process: the descendant of the workspace's session (run/agent.pid) running `coder agent`. */
function agentPid(ws: Workspace): number {
  const session = Number(readFileSync(path.join(workspacesDir, `${ws.owner_name}-${ws.name}`.toLowerCase(), 'run', 'agent.pid'), 'utf8').trim());
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = (() => { try { return readFileSync(`/proc/${entry}/stat`, 'utf8'); } catch { return ''; } })();
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const queue = [session];
  while (queue.length) {
    const pid = queue.shift()!;
    const argv = (() => { try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'); } catch { return []; } })();
    if (argv[1] === 'agent' && /coder[^/]*$/.test(argv[0] ?? '')) return pid;
    queue.push(...(children.get(pid) ?? []));
  }
  throw new Error(`no agent process under session ${session}`);
}

const statusMiB = (pid: number, field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
const rssMiB = (pid: number) => statusMiB(pid, 'VmRSS');
/** Resident memory by kind: the process's own (heap, stacks) and the pages of its mapped executable and libraries. */
const rssParts = (pid: number) => `anonymous ${statusMiB(pid, 'RssAnon').toFixed(1)} MiB, file-backed ${statusMiB(pid, 'RssFile').toFixed(1)} MiB`;

/** Terminal traffic through the server: 200 keystrokes echoed by `cat`, then 1 MiB of lines echoed back. */
async function terminalTraffic(client: Client, agentId: string): Promise<void> {
  const url = new URL(`/api/v2/workspaceagents/${agentId}/pty?reconnect=${randomUUID()}&width=80&height=24&command=cat`, server.url);
  url.protocol = 'ws:';
  const pty = new WebSocket(url, { headers: { [SESSION_TOKEN_HEADER]: client.sessionToken! } });
  let output = '';
  pty.on('message', (d: Buffer) => (output = (output + d.toString()).slice(-4096)));
  await new Promise((r, j) => (pty.once('open', r), pty.once('error', j)));
  const waitFor = async (text: string) => {
    const deadline = Date.now() + 30_000;
    while (!output.includes(text)) {
      if (Date.now() > deadline) throw new Error(`terminal traffic: no "${text}" in the output`);
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  for (let i = 0; i < 200; i++) {
    const key = `k${i}x`;
    pty.send(Buffer.from(JSON.stringify({ data: key })));
    await waitFor(key);
  }
  // 1 MiB typed as 1 KiB lines, each echoed before the next (a terminal drops input beyond its 4 KiB line buffer).
  for (let i = 0; i < 1024; i++) {
    const mark = `L${i}:`;
    pty.send(Buffer.from(JSON.stringify({ data: `${mark}${'y'.repeat(1000)}\r` })));
    await waitFor(mark);
  }
  pty.send(Buffer.from(JSON.stringify({ data: 'end-of-paste\r' })));
  await waitFor('end-of-paste');
  pty.close();
}

try {
  const imports: number[] = [];
  let versionId = '';
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    versionId = (await importVersion(`import ${i}`)).id;
    imports.push(performance.now() - started);
  }
  const template = await owner.createTemplate(organizationId, { name: 'bench-local', template_version_id: versionId });

  const results: Record<'cold' | 'warm', Run[]> = { cold: [], warm: [] };
  for (const kind of ['cold', 'warm'] as const) {
    for (let i = 0; i < RUNS; i++) {
      if (kind === 'cold') rmSync(agentCache, { recursive: true, force: true });
      const { run, workspace } = await createReady(template.id, `${kind}-${i}`);
      results[kind].push(run);
      if (STAGES) await recordStages(kind, workspace);
      await remove(workspace);
      if (kind === 'warm') floorBetweenBuilds.push(await floor.sample());
    }
  }
  if (kind0Missing()) console.log('note: the template kept no shared agent cache; warm and cold runs both downloaded the agent');

  report('terraform floor, before the server starts', quietFloor);
  report('terraform floor, between the warm builds', floorBetweenBuilds);
  report('template import (upload → succeeded)', imports);
  for (const kind of ['cold', 'warm'] as const) {
    report(`create → build succeeded (${kind})`, results[kind].map((r) => r.built));
    report(`create → agent connected (${kind})`, results[kind].map((r) => r.connected));
    report(`create → agent ready (${kind})`, results[kind].map((r) => r.ready));
  }
  const planApply = results.warm.map((r) => r.planApply).filter((x) => !Number.isNaN(x));
  report('plan + apply in the build (daemon timings)', planApply);
  console.log(`plan + apply / floor between builds (medians) ${(percentile(planApply, 50) / percentile(floorBetweenBuilds, 50)).toFixed(2)}x`);
  if (STAGES) {
    console.log('\nstage by stage (medians):');
    for (const [name, samples] of stageRows) report(`  ${name}`, samples);
  }

  // One more workspace: terminal traffic, then idle, then the agent's resident memory.
  const { workspace } = await createReady(template.id, 'memory');
  alive = workspace;
  const agent = agentOf(workspace)!;
  const pid = agentPid(workspace);
  await new Promise((r) => setTimeout(r, 2000));
  const before = rssMiB(pid);
  await terminalTraffic(owner, agent.id);
  await new Promise((r) => setTimeout(r, IDLE_MS));
  console.log(`agent RSS idle after traffic                  ${rssMiB(pid).toFixed(1)} MiB (${rssParts(pid)}; ${before.toFixed(1)} MiB before it; ${IDLE_MS / 1000} s idle)`);
  const bare = await bareNodeRss();
  console.log(`a bare node ${process.version} idle ${IDLE_MS / 1000} s          ${bare}`);
} finally {
  if (alive) await remove(alive).catch((err: unknown) => console.error(String(err)));
  await server.close();
  floor.close();
  rmSync(workspacesDir, { recursive: true, force: true });
}

/** The resident memory of `node` doing nothing but wait, after IDLE_MS: what any Node.js program starts from. */
async function bareNodeRss(): Promise<string> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, IDLE_MS));
    return `${rssMiB(child.pid!).toFixed(1)} MiB (${rssParts(child.pid!)})`;
  } finally {
    child.kill();
  }
}

function kind0Missing(): boolean {
  return !existsSync(agentCache);
}
