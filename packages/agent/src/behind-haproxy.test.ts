/**
 * The real agent reaching its server through Debian's haproxy in HTTP mode, as a deployment with a
 * load balancer in front of Warren has it: the control connection (a WebSocket), a terminal stream
 * (a WebSocket dial-back) and a raw dial-back (an HTTP upgrade to `warren-stream` carrying plain
 * bytes) all pass. The agent knows only haproxy's address, so everything here crossed it.
 * Skips with one line when haproxy is not installed, unless WARREN_REQUIRE_HAPROXY=1 (CI).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { AgentPeer } from './testing/peer';
import { expectWholeRawTransfer, transferOverRawDialBack } from './testing/raw-transfer';
import { spawnAgent, type SpawnedAgent } from './testing/spawn-agent';

const TOKEN = '0b7f3c1e-2a4d-4e5f-8a9b-6c7d8e9f0a1b';
const haproxyMissing = spawnSync('haproxy', ['-v']).error ? 'haproxy is not installed' : undefined;
if (haproxyMissing && process.env.WARREN_REQUIRE_HAPROXY === '1') throw new Error(`WARREN_REQUIRE_HAPROXY=1 but ${haproxyMissing}.`);

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

/** haproxy in HTTP mode on a port of its own, passing everything to `target`; resolves once it accepts connections. */
async function startHaproxy(target: URL): Promise<{ url: string; child: ChildProcess; folder: string }> {
  const port = await freePort();
  const folder = mkdtempSync(path.join(os.tmpdir(), 'warren-haproxy-'));
  const config = path.join(folder, 'haproxy.cfg');
  writeFileSync(config, [
    'defaults',
    '  mode http',
    '  timeout connect 5s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  timeout tunnel 1h',
    'frontend warren',
    `  bind 127.0.0.1:${port}`,
    '  default_backend servers',
    'backend servers',
    `  server one ${target.hostname}:${target.port}`,
    '',
  ].join('\n'));
  const child = spawn('haproxy', ['-db', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  for (let tries = 0; ; tries++) {
    const accepted = await new Promise<boolean>((resolve) => {
      const probe = net.connect(port, '127.0.0.1', () => (probe.destroy(), resolve(true)));
      probe.on('error', () => resolve(false));
    });
    if (accepted) break;
    if (tries > 100 || child.exitCode !== null) throw new Error(`haproxy did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `http://127.0.0.1:${port}/`, child, folder };
}

describe.skipIf(haproxyMissing)('the agent behind haproxy', () => {
  let peer: AgentPeer;
  let agent: SpawnedAgent;
  let haproxy: Awaited<ReturnType<typeof startHaproxy>>;

  beforeAll(async () => {
    peer = new AgentPeer({ token: TOKEN, reportIntervalNs: 100_000_000, manifest: { agent_id: 'c0ffee00-0000-4000-8000-0000000000bb', directory: '' } });
    haproxy = await startHaproxy(new URL(await peer.listen()));
    agent = spawnAgent(haproxy.url, TOKEN);
    await peer.waitFor(() => peer.calls('report-lifecycle').length >= 2, 15_000, 'agent ready through haproxy');
  }, 20_000);

  afterAll(async () => {
    await agent?.stop();
    haproxy?.child.kill();
    if (haproxy) rmSync(haproxy.folder, { recursive: true, force: true });
    await peer?.close();
  });

  it('opens a terminal over a WebSocket dial-back', async () => {
    const terminal = await peer.dial({ kind: 'pty', reconnect: 'haproxy-1', width: 80, height: 24 });
    let text = '';
    terminal.on('message', (d: Buffer) => (text += d.toString()));
    terminal.send(Buffer.from(JSON.stringify({ data: 'echo through-$((40+2))\r' })));
    await peer.waitFor(() => text.includes('through-42'), 8000, 'the command output');
    terminal.close();
  });

  it('carries a raw dial-back: bytes unframed both ways, whole and in order', async () => {
    // A proxy that refused the upgrade would have made the agent fall back to a WebSocket.
    expectWholeRawTransfer(await transferOverRawDialBack(peer, 2 << 20, 3 << 20));
  });
});
