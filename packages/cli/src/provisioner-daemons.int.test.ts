import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, type ProvisionerDaemon, type WorkspaceBuild } from '@warren/sdk';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestDatabase } from '../../../test/support/database';
import { freePort } from '../../../test/support/pg15';
import { runWarren, waitUntil, WarrenProcess } from './process.testkit';

// Real processes: a server without built-in daemons and external daemons authenticated each way.
const PSK = 'test-pre-shared-key';
const HANG_TIMEOUT_S = 15;
const TF = `terraform {}
resource "terraform_data" "dev" {
  provisioner "local-exec" {
    command = "sleep $\${SLEEP_SECONDS:-0}"
  }
}
`;

let dbUrl: string;
let port: number;
let url: string;
let server: WarrenProcess;
let owner: Client;
let ownerToken: string;
let alice: Client;
let aliceToken: string;
let onPremKey: string;
const processes: WarrenProcess[] = [];
const work = mkdtempSync(path.join(os.tmpdir(), 'warren-prov-'));
const templateDir = path.join(work, 'template');

function startServer(): WarrenProcess {
  const p = new WarrenProcess(
    ['server', '--http-address', `127.0.0.1:${port}`, '--postgres-url', dbUrl, '--provisioner-daemons', '0', '--global-config', path.join(work, 'server')],
    { CODER_PROVISIONER_DAEMON_PSK: PSK, CODER_PROVISIONER_JOB_HANG_TIMEOUT: `${HANG_TIMEOUT_S}s`, CODER_PROMETHEUS_ENABLE: 'true', CODER_PROMETHEUS_ADDRESS: '127.0.0.1:0' },
  );
  processes.push(p);
  return p;
}

function daemon(name: string, args: string[], env: Record<string, string>): WarrenProcess {
  const p = new WarrenProcess(['provisioner', 'start', '--name', name, '--cache-dir', path.join(work, 'cache'), ...args], { CODER_URL: url, ...env }, { detached: true });
  processes.push(p);
  return p;
}

const warren = (args: string[], token = ownerToken, extra: Record<string, string> = {}) =>
  runWarren(['--global-config', path.join(work, 'cli'), ...args], { CODER_URL: url, CODER_SESSION_TOKEN: token, ...extra });

/** The JSON log lines of a process's output (a daemon logs JSON when its stderr is not a terminal). */
function jsonLines(output: string): Array<Record<string, unknown>> {
  return output.split('\n').flatMap((line) => {
    try {
      return line.startsWith('{') ? [JSON.parse(line) as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

async function daemonsByName(): Promise<Map<string, ProvisionerDaemon>> {
  return new Map((await owner.provisionerDaemons('default')).map((d) => [d.name, d]));
}

async function finished(client: Client, buildId: string): Promise<WorkspaceBuild> {
  return waitUntil(`build ${buildId}`, async () => {
    const b = await client.workspaceBuild(buildId);
    return b.job.completed_at ? b : undefined;
  }, 90_000);
}

beforeAll(async () => {
  dbUrl = await createTestDatabase();
  port = await freePort();
  url = `http://127.0.0.1:${port}`;
  mkdirSync(templateDir, { recursive: true });
  writeFileSync(path.join(templateDir, 'main.tf'), TF);
  server = startServer();
  await server.waitFor(/Started HTTP listener/);
  const anon = new Client(url);
  const first = await anon.createFirstUser({ email: 'owner@example.com', username: 'owner', password: 'Sup3r-Secret-Passw0rd!' });
  expect(first.user_id).toBeTruthy();
  ownerToken = (await anon.login('owner@example.com', 'Sup3r-Secret-Passw0rd!')).session_token;
  owner = new Client(url, { sessionToken: ownerToken });
  await owner.createUser({ email: 'alice@example.com', username: 'alice', password: 'Al1ce-has-a-long-pass', organization_ids: [first.organization_id] } as never);
  aliceToken = (await anon.login('alice@example.com', 'Al1ce-has-a-long-pass')).session_token;
  alice = new Client(url, { sessionToken: aliceToken });
}, 120_000);

afterEach((test) => {
  if (test.task.result?.state === 'fail') {
    for (const p of processes) console.log(`--- ${p.child.spawnargs.slice(2, 8).join(' ')}\n${p.output.slice(-3000)}`);
  }
});

afterAll(async () => {
  for (const p of processes.reverse()) {
    p.killGroup();
    await p.stop('SIGKILL');
  }
});

describe('external provisioner daemons', () => {
  it('creates, lists and refuses provisioner keys', async () => {
    const created = await warren(['provisioner', 'keys', 'create', 'onprem', '--org', 'default', '--tag', 'environment=on_prem']);
    expect(created.code).toBe(0);
    const lines = created.output.trim().split('\n');
    expect(lines[0]).toBe('Successfully created provisioner key onprem! Save this authentication token, it will not be shown again.');
    onPremKey = lines[lines.length - 1]!;
    expect(onPremKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await warren(['provisioner', 'keys', 'create', 'ONPREM'])).output).toContain('already exists');
    expect((await warren(['provisioner', 'keys', 'create', 'psk'])).output).toContain('reserved');
    const list = await warren(['provisioner', 'keys', 'list']);
    expect(list.output).toMatch(/CREATED AT\s+NAME\s+TAGS\n\S+\s+onprem\s+environment=on_prem/);
    const json = JSON.parse((await warren(['provisioner', 'keys', 'list', '-o', 'json'])).output) as Array<{ name: string }>;
    expect(json.map((k) => k.name)).toEqual(['onprem']);
    expect((await warren(['provisioner', 'keys', 'list'], aliceToken)).code).not.toBe(0);
  });

  it('routes each job to the daemon whose tags allow it', async () => {
    const keyDaemon = daemon('onprem-daemon', [], { CODER_PROVISIONER_DAEMON_KEY: onPremKey });
    const pskDaemon = daemon('psk-daemon', ['--psk', PSK], {});
    const ownerDaemon = daemon('owner-daemon', ['--tag', 'scope=user'], { CODER_SESSION_TOKEN: ownerToken });
    const aliceDaemon = daemon('alice-daemon', ['-t', 'scope=user'], { CODER_SESSION_TOKEN: aliceToken });
    for (const d of [keyDaemon, pskDaemon, ownerDaemon, aliceDaemon]) await d.waitFor(/provisioner: successfully connected to coderd/);
    const ids = await daemonsByName();
    expect(ids.get('onprem-daemon')).toMatchObject({ key_name: 'onprem', tags: { scope: 'organization', owner: '', environment: 'on_prem' }, status: 'idle' });
    expect(ids.get('psk-daemon')).toMatchObject({ key_name: 'psk', tags: { scope: 'organization', owner: '' } });
    expect(ids.get('alice-daemon')).toMatchObject({ key_name: 'user-auth', tags: { scope: 'user', owner: (await alice.user()).id } });

    const push = async (name: string, tags: string[]) => {
      const res = await warren(['templates', 'push', name, '-d', templateDir, '-y', ...tags.flatMap((t) => ['--provisioner-tag', t])]);
      expect(res.code, res.output).toBe(0);
      const template = await owner.templateByName('default', name);
      return { template, version: await owner.templateVersion(template.active_version_id) };
    };
    const onprem = await push('onprem', ['environment=on_prem']);
    expect(onprem.version.job.worker_id).toBe(ids.get('onprem-daemon')!.id);
    const plain = await push('plain', []);
    expect(plain.version.job.worker_id).toBe(ids.get('psk-daemon')!.id);
    const mine = await push('mine', ['scope=user']);
    expect(mine.version.job.worker_id).toBe(ids.get('owner-daemon')!.id);

    const daemonProcesses = { 'onprem-daemon': keyDaemon, 'psk-daemon': pskDaemon, 'alice-daemon': aliceDaemon };
    for (const [template, expected] of [
      [onprem.template, 'onprem-daemon'],
      [plain.template, 'psk-daemon'],
      [mine.template, 'alice-daemon'],
    ] as const) {
      const ws = await alice.createUserWorkspace('me', { name: `ws-${template.name}`, template_id: template.id });
      const build = await finished(alice, ws.latest_build.id);
      expect(build.job.status, build.job.error).toBe('succeeded');
      expect(build.job.worker_id, template.name).toBe(ids.get(expected)!.id);
      expect(build.job.tags.environment).toBe(template.name === 'onprem' ? 'on_prem' : undefined);
      // External daemons send the build's stage timings over the job protocol too.
      const stages = (await alice.workspaceBuildTimings(build.id)).provisioner_timings.filter((t) => t.resource.startsWith('coder_stage_'));
      expect(stages.map((t) => t.stage)).toEqual(['init', 'plan', 'apply', 'graph']);
      // The daemon's lines about the job name the request that queued it.
      const acquired = jsonLines(daemonProcesses[expected].output).find((r) => r.msg === 'acquired job' && r.jobId === build.job.id);
      expect(acquired?.request_id, expected).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }

    const table = await warren(['provisioner', 'list']);
    expect(table.output).toMatch(/^NAME\s+KEY NAME\s+VERSION\s+STATUS\s+TAGS\s+LAST SEEN AT\s+CURRENT JOB\n/);
    expect(table.output).toMatch(/alice-daemon\s+user-auth\s+v\S+\s+idle\s+owner=\S+ scope=user/);
    const listed = JSON.parse((await warren(['provisioner', 'list', '-o', 'json'])).output) as ProvisionerDaemon[];
    expect(listed.find((d) => d.name === 'psk-daemon')?.previous_job?.status).toBe('succeeded');
  }, 180_000);

  it('says when no daemon matches a job, and shows the queue', async () => {
    const push = new WarrenProcess(['templates', 'push', 'mars', '-d', templateDir, '-y', '--provisioner-tag', 'environment=mars'], { CODER_URL: url, CODER_SESSION_TOKEN: ownerToken });
    processes.push(push);
    await push.waitFor(/no provisioner daemons match the job's tags \(.*environment=mars.*\)/);
    await push.stop('SIGKILL');
    const pending = (await owner.provisionerJobs('default', { status: 'pending' }))[0]!;
    expect(pending).toMatchObject({ status: 'pending', queue_position: 1, queue_size: 1, matched_provisioners: { count: 0, available: 0 } });
    expect((await owner.provisionerJob('default', pending.id)).tags.environment).toBe('mars');
    const jobs = await warren(['provisioner', 'jobs', 'list', '-s', 'pending']);
    expect(jobs.output).toContain(pending.id);
  });

  it('refuses bad credentials and forbidden requests with sentences', async () => {
    const start = (args: string[], env: Record<string, string>) =>
      runWarren(['--global-config', path.join(work, 'nobody'), 'provisioner', 'start', '--cache-dir', path.join(work, 'cache'), ...args], { CODER_URL: url, ...env });
    const unknown = await start([], { CODER_PROVISIONER_DAEMON_KEY: 'x'.repeat(43) });
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain('The provisioner key is invalid.');
    const wrongPsk = await start(['--psk', 'nope'], {});
    expect(wrongPsk.code).toBe(1);
    expect(wrongPsk.output).toContain('The provisioner daemon pre-shared key is invalid.');
    const member = await start([], { CODER_SESSION_TOKEN: aliceToken });
    expect(member.code).toBe(1);
    expect(member.output).toContain("You aren't allowed to create organization-scoped provisioner daemons.");
    const tagged = await start(['--tag', 'a=b'], { CODER_PROVISIONER_DAEMON_KEY: onPremKey });
    expect(tagged.output).toContain('--tag cannot be used with --key');

    const db = new pg.Client(dbUrl);
    await db.connect();
    await db.query(`INSERT INTO organizations (id, name, display_name, created_at, updated_at) VALUES (gen_random_uuid(), 'elsewhere', 'Elsewhere', now(), now())`);
    await db.end();
    const otherOrg = await start(['--org', 'elsewhere'], { CODER_PROVISIONER_DAEMON_KEY: onPremKey });
    expect(otherOrg.code).toBe(1);
    expect(otherOrg.output).toContain('This provisioner key belongs to another organization.');

    // A daemon that sends tags with a key (the CLI already refuses; the server does too).
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v2/organizations/default/provisionerdaemons/serve?provisioner=terraform&tag=environment=mars`, {
      headers: { 'Coder-Provisioner-Daemon-Key': onPremKey },
    });
    const refusal = await new Promise<{ status: number; body: string }>((resolve) =>
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }),
    );
    expect(refusal.status).toBe(400);
    expect(JSON.parse(refusal.body).message).toBe('Provisioner tags cannot be set when authenticating with a provisioner key.');
    const both = await fetch(`${url}/api/v2/organizations/default/provisionerdaemons/serve`, {
      headers: { 'Coder-Provisioner-Daemon-Key': onPremKey, 'Coder-Session-Token': ownerToken },
    });
    expect(both.status).toBe(400);
  });

  it('fails the job of a daemon killed mid-build, and builds again on a new daemon', async () => {
    const pskDaemon = processes.find((p) => p.child.spawnargs.includes('psk-daemon'))!;
    await pskDaemon.stop('SIGKILL');
    const slow = daemon('slow-daemon', ['--psk', PSK], { SLEEP_SECONDS: '60' });
    await slow.waitFor(/successfully connected to coderd/);
    const template = await owner.templateByName('default', 'plain');
    const ws = await alice.createUserWorkspace('me', { name: 'crashy', template_id: template.id });
    await waitUntil('terraform to run local-exec', async () => ((await alice.workspaceBuildLogs(ws.latest_build.id)).some((l) => /local-exec/.test(l.output)) ? true : undefined));
    process.kill(slow.pid, 'SIGKILL');
    const killedAt = Date.now();
    const failed = await finished(alice, ws.latest_build.id);
    expect(failed.job.status).toBe('failed');
    // The hang detector and the lost-daemon check (15 s after the connection closed) race here.
    expect(failed.job.error).toMatch(new RegExp(`has not reported for ${HANG_TIMEOUT_S} seconds|^provisioner daemon lost: `));
    expect(Date.now() - killedAt).toBeLessThan((HANG_TIMEOUT_S + 15) * 1000);
    expect(failed.resources).toEqual([]);

    const fresh = daemon('fresh-daemon', ['--psk', PSK], {});
    await fresh.waitFor(/successfully connected to coderd/);
    const retry = await alice.createWorkspaceBuild(ws.id, { transition: 'start' });
    const rebuilt = await finished(alice, retry.id);
    expect(rebuilt.job.status, rebuilt.job.error).toBe('succeeded');
    expect(rebuilt.resources.map((r) => `${r.type}.${r.name}`)).toEqual(['terraform_data.dev']);
    expect((await alice.workspace(ws.id)).latest_build.status).toBe('running');
    expect((await alice.workspaceBuild(failed.id)).job.status).toBe('failed');
    slow.killGroup();
  }, 120_000);

  it('finishes the running job on SIGTERM before exiting, and counts it in its metrics', async () => {
    const metricsPort = await freePort();
    const graceful = daemon('graceful-daemon', ['--key', onPremKey, '--prometheus-enable', '--prometheus-address', `127.0.0.1:${metricsPort}`], { SLEEP_SECONDS: '3' });
    await graceful.waitFor(/successfully connected to coderd/);
    const keyDaemon = processes.find((p) => p.child.spawnargs.includes('onprem-daemon'))!;
    await keyDaemon.stop('SIGTERM');
    const template = await owner.templateByName('default', 'onprem');
    const ws = await alice.createUserWorkspace('me', { name: 'graceful', template_id: template.id });
    await waitUntil('terraform to run local-exec', async () => ((await alice.workspaceBuildLogs(ws.latest_build.id)).some((l) => /local-exec/.test(l.output)) ? true : undefined));
    graceful.child.kill('SIGTERM');
    expect(await graceful.exited).toBe(0);
    const build = await alice.workspaceBuild(ws.latest_build.id);
    expect(build.job.status, build.job.error).toBe('succeeded');
    expect(graceful.output).toContain('finishing the current job first');
  }, 60_000);

  it('serves metrics on the daemon and the server', async () => {
    const metricsPort = await freePort();
    const watched = daemon('metrics-daemon', ['--psk', PSK, '--prometheus-enable', '--prometheus-address', `127.0.0.1:${metricsPort}`], {});
    await watched.waitFor(/successfully connected to coderd/);
    const fresh = processes.find((p) => p.child.spawnargs.includes('fresh-daemon'))!;
    await fresh.stop('SIGTERM');
    const template = await owner.templateByName('default', 'plain');
    const ws = await alice.createUserWorkspace('me', { name: 'measured', template_id: template.id });
    expect((await finished(alice, ws.latest_build.id)).job.status).toBe('succeeded');
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(text).toMatch(/coderd_provisionerd_jobs_total\{provisioner="terraform",type="workspace_build",result="success"\} 1/);
    expect(text).toMatch(/coderd_provisionerd_job_timings_seconds_count\{provisioner="terraform",type="workspace_build",status="success"\} 1/);
    expect(text).toMatch(/coderd_provisionerd_jobs_current\{provisioner="terraform"\} 0/);
    const serverMetrics = /"address":"([^"]+)","msg":"serving prometheus metrics"/.exec(server.output)?.[1];
    const serverText = await (await fetch(`http://${serverMetrics}/metrics`)).text();
    expect(serverText).toMatch(/coderd_api_request_latencies_seconds_count\{method="GET",path="\/api\/v2\/workspacebuilds\/:build"\} \d+/);
    expect(serverText).toMatch(/coderd_provisioner_daemons_connected\{organization_id="[^"]+"\} [1-9]/);
    expect(serverText).toMatch(/coderd_api_concurrent_websockets [1-9]/);
    expect(serverText).toContain('# TYPE coderd_agents_up gauge');
  }, 60_000);

  it('reconnects by itself when the server restarts, and a daemon started while it is down connects once it is up', async () => {
    const watched = processes.find((p) => p.child.spawnargs.includes('metrics-daemon'))!;
    const before = (watched.output.match(/successfully connected to coderd/g) ?? []).length;
    await server.stop('SIGTERM');
    const early = daemon('early-daemon', ['--psk', PSK], {});
    await early.waitFor(/could not connect to coderd; retrying/);
    server = startServer();
    await server.waitFor(/Started HTTP listener/);
    const upAt = Date.now();
    await watched.waitFor(/successfully connected to coderd/, 30_000, before + 1);
    await early.waitFor(/successfully connected to coderd/, 30_000);
    console.log(`reconnected ${Date.now() - upAt} ms after the server was listening again`);
    const template = await owner.templateByName('default', 'plain');
    const ws = await alice.createUserWorkspace('me', { name: 'after-restart', template_id: template.id });
    expect((await finished(alice, ws.latest_build.id)).job.status).toBe('succeeded');
  }, 90_000);

  it('disconnects the daemons of a deleted key and refuses the key afterwards', async () => {
    const keyed = daemon('keyed-daemon', [], { CODER_PROVISIONER_DAEMON_KEY: onPremKey });
    await keyed.waitFor(/successfully connected to coderd/);
    const deleted = await warren(['provisioner', 'keys', 'delete', 'onprem', '-y']);
    expect(deleted.output).toContain('Successfully deleted provisioner key onprem.');
    expect(await keyed.exited).toBe(1);
    expect(keyed.output).toContain('The provisioner key is invalid.');
    expect((await daemonsByName()).has('keyed-daemon')).toBe(false);
  }, 60_000);
});

