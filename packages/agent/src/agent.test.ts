/**
 * The real agent process against an in-test server peer: lifecycle, scripts and their logs,
 * metadata, app health, stats, and shutdown.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentPeer } from './testing/peer';
import { spawnAgent, type SpawnedAgent } from './testing/spawn-agent';
import type { LifecycleRequest, PatchLogsRequest } from './wire';

const TOKEN = '0b9a2c8e-6f1d-4c57-9c3e-2f4f0d3b8a11';
const START = '11111111-1111-4111-8111-111111111111';
const STOP = '22222222-2222-4222-8222-222222222222';
const CRON = '33333333-3333-4333-8333-333333333333';
const APP_OK = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const APP_DOWN = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

const states = (peer: AgentPeer) => peer.calls('report-lifecycle').map((r) => (r.body as LifecycleRequest).state);
const logLines = (peer: AgentPeer, source: string) =>
  peer
    .calls('logs')
    .map((r) => r.body as PatchLogsRequest)
    .filter((b) => b.log_source_id === source)
    .flatMap((b) => b.logs);

describe('agent against a server peer', () => {
  let peer: AgentPeer;
  let agent: SpawnedAgent;
  let app: http.Server;
  let peerUrl: string;

  beforeAll(async () => {
    app = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    const appPort = (app.address() as AddressInfo).port;
    peer = new AgentPeer({
      token: TOKEN,
      reportIntervalNs: 200_000_000,
      manifest: {
        agent_id: 'c0ffee00-0000-4000-8000-000000000001',
        agent_name: 'main',
        owner_name: 'alice',
        workspace_name: 'dev',
        directory: '~/project',
        environment_variables: { GREETING: 'hello from manifest' },
        scripts: [
          { log_source_id: START, display_name: 'Start', run_on_start: true, timeout: 10e9, script: 'echo "$GREETING"; echo oops >&2; echo "ws=$CODER_WORKSPACE_NAME token=${CODER_AGENT_TOKEN:-none} url=${CODER_AGENT_URL:-none}"; mkdir -p ~/project' },
          { log_source_id: STOP, display_name: 'Stop', run_on_stop: true, script: 'echo stopping' },
          { log_source_id: CRON, display_name: 'Tick', cron: '* * * * * *', script: 'echo tick' },
        ],
        metadata: [
          { key: 'greeting', display_name: 'Greeting', script: 'echo hi', interval: 1, timeout: 1 },
          { key: 'broken', display_name: 'Broken', script: 'echo partial; exit 3', interval: 0, timeout: 1 },
        ],
        apps: [
          { id: APP_OK, slug: 'ok', healthcheck: { url: `http://127.0.0.1:${appPort}/`, interval: 1, threshold: 2 } },
          { id: APP_DOWN, slug: 'down', healthcheck: { url: 'http://127.0.0.1:1/', interval: 1, threshold: 1 } },
          { id: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', slug: 'nocheck' },
        ],
      },
    });
    peer.down = true; // The agent starts while the server is still restarting.
    peerUrl = await peer.listen();
    agent = spawnAgent(peerUrl, TOKEN);
    setTimeout(() => (peer.down = false), 600);
  });

  afterAll(async () => {
    await agent?.stop();
    await peer?.close();
    app?.close();
  });

  it('reports startup and reaches ready after the start scripts', async () => {
    await peer.waitFor(() => states(peer).includes('ready'), 15_000, 'ready');
    expect(states(peer)).toEqual(['starting', 'ready']);
    const startup = peer.calls('startup')[0]!.body as { version: string; expanded_directory: string; subsystems: string[] };
    expect(startup.version).toMatch(/^v\d/);
    expect(startup.expanded_directory).toBe(`${agent.home}/project`);
    expect(startup.subsystems).toEqual([]);
    // Manifest first, then startup, then lifecycle.
    const order = peer.requests.map((r) => r.path.split('/').pop());
    expect(order.indexOf('manifest')).toBeLessThan(order.indexOf('startup'));
    expect(order.indexOf('startup')).toBeLessThan(order.indexOf('report-lifecycle'));
  }, 20_000);

  it('sends script output as logs of the script source, stdout info and stderr error', async () => {
    await peer.waitFor(() => logLines(peer, START).length >= 3, 5000, 'start logs');
    const lines = logLines(peer, START);
    // stdout and stderr are separate pipes: compare without their interleaving.
    expect(lines.map((l) => `${l.level}:${l.output}`).sort()).toEqual(['error:oops', 'info:hello from manifest', `info:ws=dev token=${TOKEN} url=${new URL(peerUrl).toString()}`]);
    expect(lines.every((l) => !Number.isNaN(Date.parse(l.created_at)))).toBe(true);
    const sources = peer.calls('log-source').map((r) => (r.body as { id: string }).id);
    expect(sources).toContain(START);
    const firstSource = peer.requests.findIndex((r) => r.path.endsWith('/log-source') && (r.body as { id: string }).id === START);
    const firstLogs = peer.requests.findIndex((r) => r.path.endsWith('/logs') && (r.body as PatchLogsRequest).log_source_id === START);
    expect(firstSource).toBeLessThan(firstLogs);
  });

  it('runs cron scripts after start', async () => {
    await peer.waitFor(() => logLines(peer, CRON).length >= 2, 5000, 'cron ticks');
    expect(logLines(peer, CRON)[0]!.output).toBe('tick');
  });

  it('collects metadata at its interval, with errors', async () => {
    await peer.waitFor(() => peer.calls('metadata').length >= 2, 6000, 'metadata');
    const all = peer.calls('metadata').flatMap((r) => (r.body as { metadata: { key: string; value: string; error: string; age: number; collected_at: string }[] }).metadata);
    const greeting = all.filter((m) => m.key === 'greeting');
    expect(greeting.length).toBeGreaterThanOrEqual(2);
    expect(greeting[0]).toMatchObject({ value: 'hi', error: '' });
    expect(typeof greeting[0]!.age).toBe('number');
    const broken = all.filter((m) => m.key === 'broken');
    expect(broken).toHaveLength(1); // interval 0: collected once
    expect(broken[0]).toMatchObject({ value: 'partial', error: 'run cmd: exit status 3' });
  });

  it('reports app health changes', async () => {
    await peer.waitFor(
      () => peer.calls('app-health').some((r) => JSON.stringify(r.body) === JSON.stringify({ Healths: { [APP_OK]: 'healthy', [APP_DOWN]: 'unhealthy' } })),
      6000,
      'app health',
    );
    const first = peer.calls('app-health')[0]!.body as { Healths: Record<string, string> };
    expect(first).toEqual({ Healths: { [APP_OK]: 'initializing', [APP_DOWN]: 'initializing' } });
  });

  it('reports stats at the interval the server answers', async () => {
    await peer.waitFor(() => peer.calls('report-stats').length >= 3, 5000, 'stats');
    const body = peer.calls('report-stats')[1]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ connection_count: 0, session_count_ssh: 0, session_count_reconnecting_pty: 0, rx_bytes: 0 });
  });

  it('answers listening ports over the control connection', async () => {
    const port = (app.address() as AddressInfo).port;
    const ports = await peer.listeningPorts();
    expect(ports.some((p) => p.port === port && p.network === 'tcp')).toBe(true);
    expect(ports.every((p) => p.port >= 9)).toBe(true);
  });

  it('shuts down on SIGTERM: stop scripts, shutting_down then off', async () => {
    const code = await agent.stop();
    expect(code).toBe(0);
    expect(states(peer)).toEqual(['starting', 'ready', 'shutting_down', 'off']);
    expect(logLines(peer, STOP).map((l) => l.output)).toEqual(['stopping']);
  }, 20_000);
});

describe('agent start failures', () => {
  const run = async (scripts: object[]) => {
    const peer = new AgentPeer({ token: TOKEN, manifest: { agent_id: 'c0ffee00-0000-4000-8000-000000000002', scripts: scripts as never } });
    const agent = spawnAgent(await peer.listen(), TOKEN);
    try {
      await peer.waitFor(() => states(peer).length >= 2, 15_000, 'start outcome');
      return { states: states(peer), peer };
    } finally {
      await agent.stop();
      await peer.close();
    }
  };

  it('reports start_timeout when a start script times out', async () => {
    const { states: s } = await run([
      { log_source_id: START, run_on_start: true, timeout: 300e6, script: 'echo before; sleep 30' },
      { log_source_id: STOP, run_on_start: true, script: 'exit 1' },
    ]);
    expect(s.slice(0, 2)).toEqual(['starting', 'start_timeout']);
  }, 20_000);

  it('reports start_error when a start script fails', async () => {
    const { states: s } = await run([{ log_source_id: START, run_on_start: true, script: 'exit 4' }]);
    expect(s.slice(0, 2)).toEqual(['starting', 'start_error']);
  }, 20_000);
});
