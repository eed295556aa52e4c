/**
 * The workspace app proxy against the same app reached directly on loopback, with the real agent
 * binary started by terraform and an HTTP app in the workspace (the app proxy tests' echo app):
 * - a 256 MiB download, ROUNDS times each way, alternately (medians compared), and the same
 *   through two bare byte relays (bench/peers/byte-relay.ts) chained in front of the app: four
 *   processes like the proxied path, with nothing but the copy, so the most any four-process path
 *   reaches on this machine;
 * - 10,000 small requests one after another on one keep-alive connection (median and p95
 *   latency, and what the proxy adds to the median).
 * The client runs in its own process (bench/peers/app-client.ts); this one holds the server.
 * Each download also reports the CPU time each process spent on it (client, server, agent, app),
 * so a slower proxy shows which process pays.
 *   npm run bench -- app-proxy
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
// @ts-expect-error a plain script without types
import { ensureAgent } from '../scripts/ensure-agent.mjs';
import { appsTemplate, freePort } from '../packages/server/src/apps/apps.testkit';
import { killPidFile, pushAgentTemplate, startAgentWorkspace } from '../test/e2e/support/agent-workspace';
import { percentile, startBenchServer, until } from './support';

const run = promisify(execFile);

interface CpuMs {
  client: number;
  server: number;
  agent: number;
  app: number;
}

const pidOf = (pidFile: string) => Number(readFileSync(pidFile, 'utf8').trim());

/** Starts a bare byte relay to `target` in its own process; resolves once it listens. */
function startByteRelay(target: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'peers', 'byte-relay.ts'), String(target)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (line: Buffer) => resolve({ child, port: Number(line.toString().trim()) }));
    child.once('exit', (code) => reject(new Error(`the byte relay exited with ${code}`)));
  });
}

/** A process's CPU time so far (user + system) from /proc, in milliseconds; 0 once it is gone. */
function cpuMsOf(pid: number): number {
  try {
    // Fields 14 and 15 (utime, stime) in clock ticks, after the parenthesised command name.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

const BYTES = 256 * 1024 * 1024;
const REQUESTS = 10_000;
const ROUNDS = 3;

interface ClientResult {
  downloadMs: number;
  downloadCpuMs: number;
  bytes: number;
  latenciesMs: number[];
}

(ensureAgent as () => boolean)();
const root = mkdtempSync(path.join(os.tmpdir(), 'warren-bench-apps-'));
const { server, owner, organizationId } = await startBenchServer({ 'provisioner-daemons': '1' });
let workspaceId = '';
const relays: ChildProcess[] = [];
try {
  const echoPort = await freePort();
  const templateId = await pushAgentTemplate(owner, organizationId, root, 'bench-apps', appsTemplate(echoPort, await freePort(), await freePort()));
  workspaceId = (await startAgentWorkspace(owner, templateId, 'bench')).workspace.id;
  const direct = `http://127.0.0.1:${echoPort}/`;
  const proxied = new URL('/@bench/bench/apps/echo/', server.url).toString();
  const cookie = `coder_session_token=${owner.sessionToken}`;
  await until('the echo app', async () => ((await fetch(direct).catch(() => undefined))?.ok ? true : undefined));
  const nearRelay = await startByteRelay(echoPort);
  const farRelay = await startByteRelay(nearRelay.port);
  relays.push(nearRelay.child, farRelay.child);
  const relayed = `http://127.0.0.1:${farRelay.port}/`;

  const client = async (base: string, requests: number): Promise<ClientResult> => {
    const out = await run(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'peers', 'app-client.ts'), base, base === proxied ? cookie : '', String(BYTES), String(requests)], {
      maxBuffer: 64 << 20,
    });
    return JSON.parse(out.stdout) as ClientResult;
  };
  const mibps = (r: ClientResult) => r.bytes / (1024 * 1024) / (r.downloadMs / 1000);
  type Kind = 'direct' | 'proxy' | 'relays';
  const urls: Record<Kind, string> = { direct, proxy: proxied, relays: relayed };
  const speeds: Record<Kind, number[]> = { direct: [], proxy: [], relays: [] };
  const cpu: Record<Kind, CpuMs[]> = { direct: [], proxy: [], relays: [] };
  const processes = { agent: pidOf(path.join(root, workspaceId, 'agent.pid')), app: pidOf(path.join(root, workspaceId, 'echo.pid')) };
  const download = async (kind: Kind) => {
    // For the relays, the two middle processes take the server's and the agent's columns.
    const [middle1, middle2] = kind === 'relays' ? [farRelay.child.pid!, nearRelay.child.pid!] : [process.pid, processes.agent];
    const before = { server: cpuMsOf(middle1), agent: cpuMsOf(middle2), app: cpuMsOf(processes.app) };
    const result = await client(urls[kind], 0);
    speeds[kind].push(mibps(result));
    cpu[kind].push({
      client: result.downloadCpuMs,
      server: cpuMsOf(middle1) - before.server,
      agent: cpuMsOf(middle2) - before.agent,
      app: cpuMsOf(processes.app) - before.app,
    });
  };
  for (let i = 0; i < ROUNDS; i++) for (const kind of ['direct', 'proxy', 'relays'] as const) await download(kind);
  const lat = { direct: (await client(direct, REQUESTS)).latenciesMs, proxy: (await client(proxied, REQUESTS)).latenciesMs };

  const med = (xs: number[]) => percentile(xs, 50);
  const fmt = (n: number) => n.toFixed(3);
  console.log(`download ${BYTES / (1 << 20)} MiB (median of ${ROUNDS}):  direct ${med(speeds.direct).toFixed(0)} MiB/s  proxy ${med(speeds.proxy).toFixed(0)} MiB/s`);
  const runs = (kind: Kind) => speeds[kind].map((s) => s.toFixed(0)).join(', ');
  console.log(`  runs: direct ${runs('direct')}  proxy ${runs('proxy')}  two bare relays ${runs('relays')}`);
  const ofDirect = (kind: Kind) => `${((100 * med(speeds[kind])) / med(speeds.direct)).toFixed(0)}% of direct`;
  console.log(`  throughput ratio: ${ofDirect('proxy')} (goal >= 70%)`);
  console.log(`  two bare relays (four processes, nothing but the copy): ${med(speeds.relays).toFixed(0)} MiB/s, ${ofDirect('relays')}`);
  for (const kind of ['direct', 'proxy', 'relays'] as const) {
    const labels = kind === 'relays' ? ['client', 'relay 1', 'relay 2', 'app'] : ['client', 'server', 'agent', 'app'];
    const parts = (['client', 'server', 'agent', 'app'] as const).map((p, i) => `${labels[i]} ${med(cpu[kind].map((c) => c[p])).toFixed(0)}`);
    console.log(`  CPU ms per download, ${kind} (medians): ${parts.join(', ')}`);
  }
  console.log(`${REQUESTS} small keep-alive requests:  direct median ${fmt(med(lat.direct))} ms p95 ${fmt(percentile(lat.direct, 95))} ms  proxy median ${fmt(med(lat.proxy))} ms p95 ${fmt(percentile(lat.proxy, 95))} ms`);
  console.log(`  added median latency: ${fmt(med(lat.proxy) - med(lat.direct))} ms (goal <= 1 ms)`);
} finally {
  for (const relay of relays) relay.kill();
  for (const pid of ['echo.pid', 'shared.pid']) if (workspaceId) killPidFile(path.join(root, workspaceId, pid));
  await server.close();
  if (workspaceId) killPidFile(path.join(root, workspaceId, 'agent.pid'));
}
