/**
 * The path to a workspace through the server, with the real agent binary started by terraform:
 * - relay throughput: client (the CLI's dial, as `warren port-forward` uses it) → server (`/tcp`
 *   WebSocket) → agent (dial-back) → a TCP sink, against plain loopback TCP to the same sink; both
 *   are measured ROUNDS times, alternately, and the medians are compared;
 * - keystroke echo round trip through the web-terminal route (`/pty`, `cat` in a terminal);
 * - the agent's resident memory after idling IDLE_MS (after the traffic above, and before it).
 *   npm run bench -- agent-relay
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SESSION_TOKEN_HEADER } from '@warren/sdk';
import WebSocket from 'ws';
import { openAgentWebSocket } from '../packages/cli/src/agent-dial';
// @ts-expect-error a plain script without types
import { ensureAgent } from '../scripts/ensure-agent.mjs';
import { killPidFile, pushAgentTemplate, startAgentWorkspace } from '../test/e2e/support/agent-workspace';
import { percentile, startBenchServer } from './support';

const TOTAL = 512 * 1024 * 1024;
const CHUNK = 256 * 1024;
const ROUNDS = 3;
const KEYSTROKES = 300;
const IDLE_MS = 10_000;

(ensureAgent as () => boolean)();
const root = mkdtempSync(path.join(os.tmpdir(), 'warren-bench-agent-'));
const { server, owner, organizationId } = await startBenchServer({ 'provisioner-daemons': '1' });
let workspaceId = '';
const sink = net.createServer((sock) => sock.on('data', (d) => (received += d.length)));
let received = 0;
try {
  const templateId = await pushAgentTemplate(owner, organizationId, root, 'bench-agent');
  const { workspace, agent } = await startAgentWorkspace(owner, templateId, 'bench');
  workspaceId = workspace.id;
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const sinkPort = (sink.address() as net.AddressInfo).port;
  const chunk = Buffer.alloc(CHUNK, 7);
  const wsUrl = (p: string) => {
    const u = new URL(`/api/v2/workspaceagents/${agent.id}/${p}`, server.url);
    u.protocol = 'ws:';
    return u;
  };
  const headers = { [SESSION_TOKEN_HEADER]: owner.sessionToken! };
  const waitReceived = async (target: number) => {
    while (received < target) await new Promise((r) => setTimeout(r, 1));
  };
  const rss = () => {
    const pid = readFileSync(path.join(root, workspaceId, 'agent.pid'), 'utf8').trim();
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
  };
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const idleBefore = rss();

  // Plain loopback TCP to the sink.
  const directRun = async (total = TOTAL) => {
    received = 0;
    const started = performance.now();
    const direct = net.connect(sinkPort, '127.0.0.1');
    await new Promise((r) => direct.once('connect', r));
    for (let sent = 0; sent < total; sent += CHUNK) if (!direct.write(chunk)) await new Promise((r) => direct.once('drain', r));
    await waitReceived(total);
    direct.destroy();
    return total / 1e6 / ((performance.now() - started) / 1000);
  };

  // The same bytes through the server and the agent; at most 4 MiB not yet flushed by the client.
  const relayRun = async (total = TOTAL) => {
    received = 0;
    const ws = await openAgentWebSocket(owner, agent.id, `tcp?port=${sinkPort}`);
    const started = performance.now();
    let inFlight = 0;
    let wake: (() => void) | undefined;
    const onFlushed = () => {
      inFlight -= CHUNK;
      if (wake && inFlight <= 2 * 1024 * 1024) (wake(), (wake = undefined));
    };
    for (let sent = 0; sent < total; sent += CHUNK) {
      inFlight += CHUNK;
      ws.send(chunk, { binary: true }, onFlushed);
      if (inFlight > 4 * 1024 * 1024) await new Promise<void>((r) => (wake = r));
    }
    await waitReceived(total);
    const mbs = total / 1e6 / ((performance.now() - started) / 1000);
    ws.close();
    return mbs;
  };
  // One short unmeasured round of each first, so both are measured with their code paths compiled.
  await directRun(TOTAL / 8);
  await relayRun(TOTAL / 8);
  const directs: number[] = [];
  const relays: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    directs.push(await directRun());
    relays.push(await relayRun());
  }
  const directMBs = percentile(directs, 50);
  const relayMBs = percentile(relays, 50);
  const each = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
  console.log(`tcp direct (loopback)                    ${directMBs.toFixed(0)} MB/s  (median of ${each(directs)})`);
  console.log(`tcp via server + agent (/tcp stream)     ${relayMBs.toFixed(0)} MB/s  (${((relayMBs / directMBs) * 100).toFixed(0)}% of direct; median of ${each(relays)}; ${TOTAL / 1024 / 1024} MiB in ${CHUNK / 1024} KiB writes)`);

  // Keystroke echo: one character at a time into `cat` on a terminal, timed until it is echoed.
  const pty = new WebSocket(wsUrl(`pty?reconnect=${randomUUID()}&width=80&height=24&command=cat`), { headers });
  let output = '';
  pty.on('message', (d: Buffer) => (output += d.toString()));
  await new Promise((r, j) => (pty.once('open', r), pty.once('error', j)));
  await new Promise((r) => setTimeout(r, 500));
  const samples: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const key = String.fromCharCode(97 + (i % 26));
    const before = output.length;
    const t = performance.now();
    pty.send(Buffer.from(JSON.stringify({ data: key })));
    while (output.length === before || !output.slice(before).includes(key)) await new Promise((r) => setImmediate(r));
    samples.push(performance.now() - t);
    if (i % 60 === 59) pty.send(Buffer.from(JSON.stringify({ data: '\r' })));
    await new Promise((r) => setTimeout(r, 2));
  }
  pty.close();
  console.log(`keystroke echo via /pty                  n=${samples.length}  p50 ${percentile(samples, 50).toFixed(2)} ms  p99 ${percentile(samples, 99).toFixed(2)} ms`);

  // The agent idles for a while, then its resident memory is read.
  await new Promise((r) => setTimeout(r, IDLE_MS));
  console.log(`idle agent RSS                           ${rss().toFixed(1)} MiB after the traffic above; ${idleBefore.toFixed(1)} MiB before it (${IDLE_MS / 1000} s after ready, one metadata script)`);
} finally {
  sink.close();
  await server.close();
  if (workspaceId) killPidFile(path.join(root, workspaceId, 'agent.pid'));
}
