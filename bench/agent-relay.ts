/**
 * The path to a workspace through the server, with the real agent binary started by terraform:
 * - relay throughput: client (the CLI's dial, as `warren port-forward` uses it) → server (`/tcp`
 *   WebSocket) → agent (dial-back) → a TCP sink, against plain loopback TCP from the same source
 *   process to the same sink process; both are measured ROUNDS times, alternately, and the medians
 *   are compared. As in a deployment, client, server, agent and sink are four processes: the
 *   source and the sink run in children of this one (bench/peers/relay-peer.ts), which holds only
 *   the server; bytes are counted where the sink receives them;
 * - keystroke echo round trip through the web-terminal route (`/pty`, `cat` in a terminal);
 * - the agent's resident memory after idling IDLE_MS (after the traffic above, and before it).
 *   npm run bench -- agent-relay
 */
import { randomUUID } from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SESSION_TOKEN_HEADER } from '@warren/sdk';
import WebSocket from 'ws';
// @ts-expect-error a plain script without types
import { ensureAgent } from '../scripts/ensure-agent.mjs';
import { killPidFile, pushAgentTemplate, startAgentWorkspace } from '../test/e2e/support/agent-workspace';
import type { SinkReply, SinkRequest, SourceReply, SourceRequest } from './peers/relay-peer';
import { percentile, startBenchServer } from './support';

const TOTAL = 512 * 1024 * 1024;
// Both paths write 32 KiB at a time, about what one socket read hands `warren port-forward` to
// forward as one frame. Frames larger than one read make ws reassemble (copy) them in the server.
const CHUNK = 32 * 1024;
const ROUNDS = 5;
const KEYSTROKES = 300;
const IDLE_MS = 10_000;

(ensureAgent as () => boolean)();
const root = mkdtempSync(path.join(os.tmpdir(), 'warren-bench-agent-'));
const { server, owner, organizationId } = await startBenchServer({ 'provisioner-daemons': '1' });
let workspaceId = '';
const peer = (role: 'sink' | 'source') => fork(path.join(import.meta.dirname, 'peers', 'relay-peer.ts'), [role], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const sink = peer('sink');
const source = peer('source');
/** The next message from `child` that has `key`. */
const reply = <T extends object, K extends string>(child: ChildProcess, key: K) =>
  new Promise<T & Record<K, unknown>>((resolve, reject) => {
    const onMessage = (msg: T) => {
      if (!(key in msg)) return;
      child.off('message', onMessage).off('exit', onExit);
      resolve(msg as T & Record<K, unknown>);
    };
    const onExit = (code: number) => reject(new Error(`the ${child === sink ? 'sink' : 'source'} process exited (${code})`));
    child.on('message', onMessage).once('exit', onExit);
  });
const toSource = <K extends string>(msg: SourceRequest, key: K) => {
  const r = reply<SourceReply, K>(source, key);
  source.send(msg);
  return r;
};
try {
  const sinkPort = (await reply<SinkReply, 'port'>(sink, 'port')).port as number;
  const templateId = await pushAgentTemplate(owner, organizationId, root, 'bench-agent');
  const { workspace, agent } = await startAgentWorkspace(owner, templateId, 'bench');
  workspaceId = workspace.id;
  const wsUrl = (p: string) => {
    const u = new URL(`/api/v2/workspaceagents/${agent.id}/${p}`, server.url);
    u.protocol = 'ws:';
    return u;
  };
  const headers = { [SESSION_TOKEN_HEADER]: owner.sessionToken! };
  const rss = () => {
    const pid = readFileSync(path.join(root, workspaceId, 'agent.pid'), 'utf8').trim();
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
  };
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const idleBefore = rss();

  // One run: the source opens its connection, then sends `total` bytes in CHUNK writes; timed from
  // the go to the sink having received them all. Through the server and the agent, the source
  // keeps at most 4 MiB not yet flushed to its WebSocket.
  const run = async (open: SourceRequest & { open: unknown }, total = TOTAL) => {
    await toSource(open, 'ready');
    const expecting = reply<SinkReply, 'expecting'>(sink, 'expecting');
    sink.send({ expect: total } satisfies SinkRequest);
    await expecting;
    const done = reply<SinkReply, 'done'>(sink, 'done');
    const sent = reply<SourceReply, 'sent'>(source, 'sent');
    const started = performance.now();
    source.send({ go: total, chunk: CHUNK } satisfies SourceRequest);
    await done;
    const mbs = total / 1e6 / ((performance.now() - started) / 1000);
    await sent;
    await toSource({ close: true }, 'closed');
    return mbs;
  };
  // Plain loopback TCP from the source process to the sink process.
  const directRun = (total?: number) => run({ open: 'direct', port: sinkPort }, total);
  // The same bytes through the server and the agent.
  const relayRun = (total?: number) => run({ open: 'relay', port: sinkPort, url: String(server.url), sessionToken: owner.sessionToken!, agentId: agent.id }, total);
  // One full unmeasured round of each first, so both are measured in steady state (code paths
  // compiled, the processes' heaps and garbage collection settled).
  await directRun();
  await relayRun();
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
  sink.kill();
  source.kill();
  await server.close();
  if (workspaceId) killPidFile(path.join(root, workspaceId, 'agent.pid'));
}
