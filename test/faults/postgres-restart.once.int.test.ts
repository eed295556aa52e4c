// PostgreSQL restarted under a running server, an external PostgreSQL 15 stopped and started, and
// the built-in one SIGKILLed (the server starts it again itself): requests meanwhile answer 503
// with a sentence (never 500, never a crash), the server recovers by itself, and a workspaces watch
// stream opened before the restart keeps delivering changes after it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRestartablePg15, type RestartableCluster } from './pg-cluster';
import { dumpOutput, report, startDeployment, waitUntil, type Deployment } from './support';


/** Reads a server-sent events stream, keeping the `data:` payloads it has received. */
function watch(url: string, token: string) {
  const events: string[] = [];
  const controller = new AbortController();
  let ended = false;
  const done = (async () => {
    const res = await fetch(url, { headers: { 'Coder-Session-Token': token, Accept: 'text/event-stream' }, signal: controller.signal });
    if (!res.ok || !res.body) throw new Error(`watch answered ${res.status}`);
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of res.body) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let i: number;
      while ((i = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, i);
        buffered = buffered.slice(i + 1);
        if (line.startsWith('data:')) events.push(line.slice(5).trim());
      }
    }
    ended = true;
  })().catch(() => {
    ended = true;
  });
  return { events, get ended() { return ended; }, close: () => controller.abort(), done };
}

/**
 * Takes the database away with `down` (and back with `up`, when the server does not do it itself),
 * and checks what clients saw meanwhile and after. `label` names the figures printed.
 */
async function survivesOutage(dep: Deployment, label: string, down: () => Promise<void>, up: () => Promise<void>, minDownAnswers503: number): Promise<void> {
  const { owner, url, ownerToken } = dep;
  const template = await owner.templateByName('default', 'quick');
  const stream = watch(`${url}/api/v2/workspaces/watch`, ownerToken);
  const before = await owner.createUserWorkspace('me', { name: 'before', template_id: template.id });
  await waitUntil('the watch to name the first workspace', async () => (stream.events.some((e) => e.includes(before.id)) ? true : undefined), 20_000);

  const get = (p: string) =>
    fetch(`${url}${p}`, { headers: { 'Coder-Session-Token': ownerToken } }).then(
      async (r) => ({ status: r.status, body: await r.text() }),
      (err: unknown) => ({ status: 0, body: String(err) }),
    );
  const routes = ['/api/v2/workspaces', '/api/v2/users/me', `/api/v2/workspaces/${before.id}`, '/api/v2/templates', '/api/v2/buildinfo'];
  // Requests in flight while PostgreSQL goes down, then while it is down.
  const inFlight = Array.from({ length: 30 }, (_, i) => get(routes[i % routes.length]!));
  const stoppedAt = Date.now();
  await down();
  const whileDown = await Promise.all(routes.map(get));
  const answers = [...(await Promise.all(inFlight)), ...whileDown];
  for (const a of answers) {
    expect([200, 503], a.body).toContain(a.status);
    if (a.status === 503) expect(JSON.parse(a.body).message).toBe('The database is unavailable; try again in a few seconds.');
  }
  expect(whileDown.filter((a) => a.status === 503).length).toBeGreaterThanOrEqual(minDownAnswers503);
  expect(dep.server.child.exitCode).toBeNull();

  await up();
  const upAt = Date.now();
  await waitUntil('the API to answer again', async () => ((await get('/api/v2/workspaces')).status === 200 ? true : undefined), 60_000);
  report(`${label}: API answering again after PostgreSQL accepted connections`, Date.now() - upAt);
  report(`${label}: whole outage (stop to first 200)`, Date.now() - stoppedAt);

  const after = await owner.createUserWorkspace('me', { name: 'after', template_id: template.id });
  const createdAt = Date.now();
  await waitUntil('the watch opened before the restart to name the new workspace', async () => (stream.events.some((e) => e.includes(after.id)) ? true : undefined), 30_000);
  report(`${label}: watch event delivered after a change`, Date.now() - createdAt);
  expect(stream.ended).toBe(false);
  expect(dep.server.child.exitCode).toBeNull();
  stream.close();
}

describe('an external PostgreSQL 15 restarted under the running server', () => {
  let cluster: RestartableCluster;
  let dep: Deployment;

  beforeAll(async () => {
    cluster = await startRestartablePg15();
    const admin = new pg.Client(cluster.url);
    await admin.connect();
    await admin.query('CREATE DATABASE warren');
    await admin.end();
    dep = await startDeployment({ postgresUrl: cluster.url.replace(/\/postgres$/, '/warren'), env: { CODER_PROVISIONER_DAEMONS: '0' } });
    await dep.startDaemon('d', { SLEEP_SECONDS: '0' });
    await dep.pushTemplate('quick');
  }, 180_000);
  afterEach((t) => {
    if (t.task.result?.state === 'fail') dumpOutput(dep);
  });
  afterAll(async () => {
    await dep?.stopAll();
    await cluster?.destroy();
  });

  it('answers 503 meanwhile, recovers by itself, and the watch stream keeps delivering', async () => {
    // buildinfo needs no database: the other four routes answer 503 while it is down.
    await survivesOutage(dep, 'PostgreSQL 15 restart', () => cluster.stop(), () => cluster.start(), 4);
  }, 240_000);
});

describe('the built-in PostgreSQL killed under the running server', () => {
  let dep: Deployment;

  beforeAll(async () => {
    dep = await startDeployment({ env: { CODER_PROVISIONER_DAEMONS: '0' } });
    await dep.startDaemon('d', { SLEEP_SECONDS: '0' });
    await dep.pushTemplate('quick');
  }, 180_000);
  afterEach((t) => {
    if (t.task.result?.state === 'fail') dumpOutput(dep);
  });
  afterAll(() => dep?.stopAll());

  it('is started again by the server, which answers 503 meanwhile, recovers, and keeps the watch stream delivering', async () => {
    const pidFile = path.join(dep.work, 'server', 'postgres', 'data', 'postmaster.pid');
    const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    const kill = async () => {
      process.kill(postmaster, 'SIGKILL');
    };
    // The server restarts its database at once, so fewer requests catch it down.
    await survivesOutage(dep, 'built-in PostgreSQL SIGKILL', kill, async () => {
      await waitUntil('the server to start its database again', async () => (dep.server.output.includes('built-in database started again') ? true : undefined), 60_000);
    }, 1);
    expect(Number(readFileSync(pidFile, 'utf8').split('\n')[0])).not.toBe(postmaster);
  }, 240_000);
});
