/**
 * The path to a workspace through the server, with the real agent binary started by terraform:
 * - relay throughput: client → server (`/tcp` WebSocket) → agent (dial-back) → a TCP sink, against
 *   plain loopback TCP to the same sink;
 * - keystroke echo round trip through the web-terminal route (`/pty`, `cat` in a terminal);
 * - the idle agent's resident memory.
 *   npm run bench -- agent-relay
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SESSION_TOKEN_HEADER } from '@warren/sdk';
import WebSocket from 'ws';
// @ts-expect-error a plain script without types
import { ensureAgent } from '../scripts/ensure-agent.mjs';
import { killPidFile, pushAgentTemplate, startAgentWorkspace } from '../test/e2e/support/agent-workspace';
import { percentile, startBenchServer } from './support';

const TOTAL = 512 * 1024 * 1024;
const CHUNK = 64 * 1024;
const KEYSTROKES = 300;

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

  // Plain loopback TCP to the sink.
  received = 0;
  let started = performance.now();
  const direct = net.connect(sinkPort, '127.0.0.1');
  await new Promise((r) => direct.once('connect', r));
  for (let sent = 0; sent < TOTAL; sent += CHUNK) if (!direct.write(chunk)) await new Promise((r) => direct.once('drain', r));
  await waitReceived(TOTAL);
  const directMBs = TOTAL / 1e6 / ((performance.now() - started) / 1000);
  direct.destroy();

  // The same bytes through the server and the agent.
  received = 0;
  const ws = new WebSocket(wsUrl(`tcp?port=${sinkPort}`), { headers });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  started = performance.now();
  let inFlight = 0;
  for (let sent = 0; sent < TOTAL; sent += CHUNK) {
    inFlight += CHUNK;
    ws.send(chunk, { binary: true }, () => (inFlight -= CHUNK));
    while (inFlight > 4 * 1024 * 1024 || ws.bufferedAmount > 4 * 1024 * 1024) await new Promise((r) => setImmediate(r));
  }
  await waitReceived(TOTAL);
  const relayMBs = TOTAL / 1e6 / ((performance.now() - started) / 1000);
  ws.close();
  console.log(`tcp direct (loopback)                    ${directMBs.toFixed(0)} MB/s`);
  console.log(`tcp via server + agent (/tcp stream)     ${relayMBs.toFixed(0)} MB/s  (${((relayMBs / directMBs) * 100).toFixed(0)}% of direct, ${TOTAL / 1024 / 1024} MiB)`);

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
  await new Promise((r) => setTimeout(r, 5000));
  const pid = readFileSync(path.join(root, workspaceId, 'agent.pid'), 'utf8').trim();
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  console.log(`idle agent RSS                           ${(Number(rss) / 1024).toFixed(1)} MiB`);
} finally {
  sink.close();
  await server.close();
  if (workspaceId) killPidFile(path.join(root, workspaceId, 'agent.pid'));
}
