/** runAgent in-process: its public handle, and riding out a server that drops and refuses it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { runAgent, type Agent } from './agent';
import { silentLogger } from './logger';
import { AGENT_OPTIONS, agentOptionsFromValues, optionValuesFromEnv } from './options';
import { AgentPeer } from './testing/peer';

const TOKEN = 'e7f1c2d3-4b5a-4c6d-8e9f-0a1b2c3d4e5f';

describe('runAgent', () => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function start(manifest: object = {}) {
    const peer = new AgentPeer({ token: TOKEN, reportIntervalNs: 100_000_000, manifest: { agent_id: 'c0ffee00-0000-4000-8000-0000000000bb', ...manifest } });
    const url = await peer.listen();
    const home = mkdtempSync(path.join(os.tmpdir(), 'warren-run-agent-'));
    const agent: Agent = runAgent({ url, token: TOKEN, logger: silentLogger, logDir: home, scriptDataDir: home, env: { PATH: process.env.PATH, HOME: home } });
    cleanups.push(() => peer.close(), () => agent.close());
    return { peer, agent, home };
  }

  it('exposes lifecycle, manifest and stats, and closes to off', async () => {
    const { peer, agent } = await start({ scripts: [{ log_source_id: 'd4d4d4d4-0000-4000-8000-000000000001', run_on_stop: true, script: 'echo bye' }] });
    expect(await agent.started).toBe('ready');
    expect(agent.manifest?.agent_id).toBe('c0ffee00-0000-4000-8000-0000000000bb');
    const end = agent.stats.sessionStarted('vscode');
    await peer.waitFor(() => peer.calls('report-stats').some((r) => (r.body as { session_count_vscode?: number }).session_count_vscode === 1), 5000, 'vscode session');
    end();
    await agent.close();
    expect(agent.lifecycleHistory).toEqual(['created', 'starting', 'ready', 'shutting_down', 'off']);
    expect(peer.calls('logs').flatMap((r) => (r.body as { logs: { output: string }[] }).logs.map((l) => l.output))).toEqual(['bye']);
  });

  it('reconnects the control connection after the server drops it, and keeps reporting', async () => {
    const { peer, agent } = await start();
    await agent.started;
    const first = await peer.waitFor(() => peer.control?.readyState === WebSocket.OPEN && peer.control, 5000, 'control');
    peer.down = true;
    first.terminate();
    await new Promise((r) => setTimeout(r, 400));
    const statsWhileDown = peer.calls('report-stats').length;
    peer.down = false;
    await peer.waitFor(() => peer.control !== first && peer.control?.readyState === WebSocket.OPEN, 15_000, 'reconnect');
    await peer.waitFor(() => peer.calls('report-stats').length > statsWhileDown + 1, 5000, 'stats after restart');

    const echo = net.createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    cleanups.push(() => void echo.close());
    const ws = await peer.dial({ kind: 'tcp', port: (echo.address() as AddressInfo).port });
    const reply = new Promise<string>((r) => ws.once('message', (d: Buffer) => r(d.toString())));
    ws.send(Buffer.from('still here'));
    expect(await reply).toBe('still here');
    ws.close();
  }, 25_000);

  it('reports dial errors for invalid stream requests', async () => {
    const { peer, agent } = await start();
    await agent.started;
    const control = await peer.waitFor(() => peer.control?.readyState === WebSocket.OPEN && peer.control, 5000, 'control');
    control.send(JSON.stringify({ type: 'dial', stream_id: 's-1', kind: 'tcp', port: 70000 }));
    const err = await peer.waitFor(() => peer.requests.find((r) => r.path === 'dial_error'), 5000, 'dial error');
    expect(err.body).toMatchObject({ type: 'dial_error', stream_id: 's-1', message: expect.stringMatching(/not a valid TCP port/) });
  });
});

describe('agent options', () => {
  it('reads Coder\'s variables and the token file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'warren-opts-'));
    const file = path.join(dir, 'token');
    writeFileSync(file, 'from-file\n');
    const values = optionValuesFromEnv({ CODER_AGENT_URL: 'https://warren.example/', CODER_AGENT_TOKEN_FILE: file, CODER_AGENT_SUBSYSTEM: 'envbox, exectrace', CODER_AGENT_VERBOSE: 'true' });
    expect(agentOptionsFromValues(values)).toMatchObject({ url: 'https://warren.example/', token: 'from-file', subsystems: ['envbox', 'exectrace'], logLevel: 'debug', reconnectingPtyTimeoutMs: 300_000 });
    expect(AGENT_OPTIONS.map((o) => o.env)).toEqual(expect.arrayContaining(['CODER_AGENT_URL', 'CODER_AGENT_TOKEN', 'CODER_AGENT_TOKEN_FILE', 'CODER_AGENT_AUTH', 'CODER_AGENT_LOG_DIR']));
  });

  it('explains what is missing', () => {
    expect(() => agentOptionsFromValues({})).toThrow(/CODER_AGENT_URL/);
    expect(() => agentOptionsFromValues({ 'agent-url': 'http://x' })).toThrow(/CODER_AGENT_TOKEN/);
    expect(() => agentOptionsFromValues({ 'agent-url': 'http://x', auth: 'aws-instance-identity', 'agent-token': 't' })).toThrow(/not supported/);
  });
});
