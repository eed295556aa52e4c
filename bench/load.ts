/**
 * Load: CLIENTS concurrent clients for SECONDS against one `warren server` process on its embedded
 * PostgreSQL with its three built-in provisioner daemons. The server runs in its own process, so the
 * load generator's event loop does not share its time; Node's fetch opens as many keep-alive
 * connections as there are requests in flight.
 *
 * Most clients read, each in a loop with no pause: list the owner's workspaces, get one, read a
 * build's logs, or open a workspace's event stream and wait for its first event. BUILDERS of them
 * also change things: create a workspace (agentless template, real terraform), wait until its build
 * ends (polling it, each poll a `get`), stop it, wait again, and go on with the next one.
 *
 * Prints per route family the requests, the rate, p50/p95/p99 and the errors (any status other than
 * the one expected, or a failed connection), and the totals. Environment: WARREN_LOAD_CLIENTS (500),
 * WARREN_LOAD_SECONDS (60), WARREN_LOAD_BUILDERS (20); WARREN_LOAD_PROFILE=<folder> writes the
 * server's CPU profile there (open it in Chrome's DevTools).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tarOf } from '../packages/node-kit/src/archive/tar-fixture.testkit';
import { WARREN_BIN } from '../packages/cli/src/process.testkit';
import { freePort } from '../test/support/pg15';
import { percentile } from './support';

const CLIENTS = Number(process.env.WARREN_LOAD_CLIENTS ?? 500);
const SECONDS = Number(process.env.WARREN_LOAD_SECONDS ?? 60);
const BUILDERS = Math.min(CLIENTS, Number(process.env.WARREN_LOAD_BUILDERS ?? 20));
const SEEDED_WORKSPACES = 20;

const TEMPLATE = `resource "terraform_data" "workspace" {
  input = "load"
}
`;

type Family = 'list' | 'get' | 'logs' | 'watch' | 'create' | 'stop';
const samples = new Map<Family, number[]>();
const errors = new Map<Family, string[]>();

const work = mkdtempSync(path.join(os.tmpdir(), 'warren-load-'));
const port = await freePort();
const metricsPort = await freePort();
const base = `http://127.0.0.1:${port}`;
const profile = process.env.WARREN_LOAD_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.WARREN_LOAD_PROFILE)}`] : [];
const server = spawn(process.execPath, [...profile, WARREN_BIN, 'server', '--http-address', `127.0.0.1:${port}`, '--global-config', path.join(work, 'server'), '--api-rate-limit', '-1', '--prometheus-enable', '--prometheus-address', `127.0.0.1:${metricsPort}`], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
let serverOutput = '';
server.stdout.on('data', (d: Buffer) => (serverOutput += d.toString()));
server.stderr.on('data', (d: Buffer) => (serverOutput += d.toString()));
const serverExited = new Promise((resolve) => server.once('exit', resolve));
let token = '';

function record(family: Family, ms: number): void {
  const list = samples.get(family) ?? [];
  list.push(ms);
  samples.set(family, list);
}

function fail(family: Family, message: string): void {
  const list = errors.get(family) ?? [];
  list.push(message);
  errors.set(family, list);
}

/** One request, timed and counted under `family`; answers the parsed body, or undefined on an error. */
async function call<T>(family: Family, method: string, route: string, body?: unknown, expected = 200): Promise<T | undefined> {
  const started = performance.now();
  try {
    const res = await fetch(`${base}${route}`, {
      method,
      headers: { 'Coder-Session-Token': token, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    record(family, performance.now() - started);
    if (res.status !== expected) {
      fail(family, `${method} ${route}: ${res.status} ${text.slice(0, 200)}`);
      return undefined;
    }
    return text ? (JSON.parse(text) as T) : (undefined as T);
  } catch (err) {
    record(family, performance.now() - started);
    fail(family, `${method} ${route}: ${(err as Error).message}`);
    return undefined;
  }
}

/** Opens a workspace's event stream and waits for its first event. */
async function watchOnce(id: string): Promise<void> {
  const started = performance.now();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 30_000);
  try {
    const res = await fetch(`${base}/api/v2/workspaces/${id}/watch`, { headers: { 'Coder-Session-Token': token }, signal: abort.signal });
    if (res.status !== 200 || !res.body) throw new Error(`status ${res.status}`);
    let seen = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      seen += Buffer.from(chunk).toString();
      if (seen.includes('event: data')) break;
    }
    if (!seen.includes('event: data')) throw new Error('the stream ended before its first event');
    record('watch', performance.now() - started);
  } catch (err) {
    record('watch', performance.now() - started);
    fail('watch', `watch ${id}: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

interface Build { id: string; status: string; job: { status: string; error?: string } }
interface Workspace { id: string; latest_build: Build }

async function waitForBuild(id: string, deadline: number): Promise<Build | undefined> {
  while (Date.now() < deadline) {
    const ws = await call<Workspace>('get', 'GET', `/api/v2/workspaces/${id}`);
    const status = ws?.latest_build.job.status;
    if (status && !['pending', 'running'].includes(status)) return ws.latest_build;
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}

let templateId = '';
let organizationId = '';
const known: Workspace[] = [];
let builds = 0;
let failedBuilds = 0;

async function reader(deadline: number, seed: number): Promise<void> {
  let n = seed;
  while (Date.now() < deadline) {
    const ws = known[n++ % known.length]!;
    const pick = n % 20;
    if (pick < 8) await call('list', 'GET', '/api/v2/workspaces?q=owner:me&limit=25');
    else if (pick < 13) await call('get', 'GET', `/api/v2/workspaces/${ws.id}`);
    else if (pick < 17) await call('logs', 'GET', `/api/v2/workspacebuilds/${ws.latest_build.id}/logs`);
    else await watchOnce(ws.id);
  }
}

async function builder(deadline: number, index: number): Promise<void> {
  for (let round = 0; Date.now() < deadline; round++) {
    const created = await call<Workspace>('create', 'POST', '/api/v2/users/me/workspaces', { template_id: templateId, name: `load-${index}-${round}` }, 201);
    if (!created) return;
    const started = await waitForBuild(created.id, deadline + 60_000);
    builds++;
    if (started?.job.status !== 'succeeded') failedBuilds++;
    if (Date.now() >= deadline) return;
    const stop = await call<Build>('stop', 'POST', `/api/v2/workspaces/${created.id}/builds`, { transition: 'stop' }, 201);
    if (!stop) return;
    const stopped = await waitForBuild(created.id, deadline + 60_000);
    builds++;
    if (stopped?.job.status !== 'succeeded') failedBuilds++;
  }
}

/** Where the database time went: the server's query metrics, the ten costliest query kinds. */
async function printDatabaseTime(): Promise<void> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const series = (what: 'sum' | 'count') =>
    new Map([...text.matchAll(new RegExp(`coderd_db_query_latencies_seconds_${what}\\{query="([^"]+)"\\} (\\S+)`, 'g'))].map((m) => [m[1]!, Number(m[2])]));
  const sums = series('sum');
  const counts = series('count');
  const all = [...sums.values()].reduce((a, b) => a + b, 0);
  console.log(`database: ${[...counts.values()].reduce((a, b) => a + b, 0)} queries, ${all.toFixed(1)} s in all (summed over concurrent queries); the costliest:`);
  for (const [query, sum] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
    const n = counts.get(query) ?? 1;
    console.log(`  ${sum.toFixed(1).padStart(6)} s ${String(n).padStart(7)} × ${((sum / n) * 1000).toFixed(1).padStart(6)} ms  ${query}`);
  }
}

try {
  for (const deadline = Date.now() + 120_000; !serverOutput.includes('Started HTTP listener'); ) {
    if (server.exitCode !== null || Date.now() > deadline) throw new Error(`warren server did not start:\n${serverOutput.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const owner = { email: 'load@example.com', username: 'load', password: 'Load-Passw0rd-123!' };
  const first = await fetch(`${base}/api/v2/users/first`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(owner) });
  organizationId = ((await first.json()) as { organization_id: string }).organization_id;
  const login = await fetch(`${base}/api/v2/users/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: owner.email, password: owner.password }) });
  token = ((await login.json()) as { session_token: string }).session_token;

  const upload = await fetch(`${base}/api/v2/files`, { method: 'POST', headers: { 'Coder-Session-Token': token, 'Content-Type': 'application/x-tar' }, body: new Uint8Array(await tarOf({ 'main.tf': TEMPLATE })) });
  const { hash } = (await upload.json()) as { hash: string };
  const version = await call<{ id: string }>('create', 'POST', `/api/v2/organizations/${organizationId}/templateversions`, { storage_method: 'file', file_id: hash, provisioner: 'terraform', tags: {} }, 201);
  if (!version) throw new Error(`template version: ${errors.get('create')?.join('; ')}`);
  for (let i = 0; ; i++) {
    const v = await call<{ job: { status: string; error?: string } }>('get', 'GET', `/api/v2/templateversions/${version.id}`);
    if (v?.job.status === 'succeeded') break;
    if (v && !['pending', 'running'].includes(v.job.status)) throw new Error(`template import ${v.job.status}: ${v.job.error}`);
    if (i > 600) throw new Error('template import did not end');
    await new Promise((r) => setTimeout(r, 100));
  }
  const template = await call<{ id: string }>('create', 'POST', `/api/v2/organizations/${organizationId}/templates`, { name: 'load', template_version_id: version.id }, 201);
  templateId = template!.id;
  for (let i = 0; i < SEEDED_WORKSPACES; i++) {
    const ws = await call<Workspace>('create', 'POST', '/api/v2/users/me/workspaces', { template_id: templateId, name: `seed-${i}` }, 201);
    if (ws) known.push(ws);
  }
  for (const ws of known) await waitForBuild(ws.id, Date.now() + 120_000);
  samples.clear();
  errors.clear();

  console.log(`${CLIENTS} clients (${BUILDERS} of them creating and stopping workspaces) for ${SECONDS} s against ${base}`);
  const began = performance.now();
  const deadline = Date.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => (i < BUILDERS ? builder(deadline, i) : reader(deadline, i))));
  const elapsed = (performance.now() - began) / 1000;

  let total = 0;
  let totalErrors = 0;
  const fmt = (ms: number) => `${ms.toFixed(0)} ms`.padStart(8);
  console.log(`${'family'.padEnd(8)} ${'requests'.padStart(9)} ${'req/s'.padStart(7)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} errors`);
  for (const family of ['list', 'get', 'logs', 'watch', 'create', 'stop'] as const) {
    const s = samples.get(family) ?? [];
    const e = errors.get(family)?.length ?? 0;
    total += s.length;
    totalErrors += e;
    if (!s.length) continue;
    console.log(`${family.padEnd(8)} ${String(s.length).padStart(9)} ${(s.length / elapsed).toFixed(0).padStart(7)} ${fmt(percentile(s, 50))} ${fmt(percentile(s, 95))} ${fmt(percentile(s, 99))} ${e}`);
  }
  console.log(`all      ${String(total).padStart(9)} ${(total / elapsed).toFixed(0).padStart(7)} req/s over ${elapsed.toFixed(1)} s; errors ${totalErrors}; builds ended ${builds} (${failedBuilds} not succeeded)`);
  for (const [family, list] of errors) for (const line of list.slice(0, 5)) console.log(`  ${family} error: ${line}`);
  await printDatabaseTime();
  if (totalErrors > 0 || failedBuilds > 0) process.exitCode = 1;
} finally {
  server.kill('SIGTERM');
  await serverExited;
  rmSync(work, { recursive: true, force: true });
}
