/**
 * Scrapes `--prometheus-address` of a real server after real traffic: an owner's requests, a
 * workspace build through a daemon, an agent's control connection and its stats report.
 */
import { SESSION_TOKEN_HEADER } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildApiFixture, type ApiFixture } from '../../../../test/support/api-fixture';
import { startTestServer, type TestServer } from '../../../../test/support/server';
import { waitFor } from '../agents/agents.testkit';
import { freePort } from '../apps/apps.testkit';

let server: TestServer;
let api: ApiFixture;
let metricsUrl: string;

async function scrape(): Promise<string> {
  const res = await fetch(metricsUrl);
  expect(res.status).toBe(200);
  return res.text();
}

/** The value of the first sample whose name and labels match (labels in any order). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

beforeAll(async () => {
  const port = await freePort();
  server = await startTestServer({ flags: { 'prometheus-enable': 'true', 'prometheus-address': `127.0.0.1:${port}` } });
  metricsUrl = `http://127.0.0.1:${port}/metrics`;
  api = await buildApiFixture(server, 'metrics');
});
afterAll(async () => {
  await api.daemon.close();
  await server.close();
});

describe('Prometheus metrics', () => {
  it('counts API requests by route pattern and status, with their latencies', async () => {
    const before = await scrape();
    const route = { method: 'GET', path: '/api/v2/workspaces/:workspace' };
    const count = (text: string) => sample(text, 'coderd_api_requests_processed_total', { ...route, code: '200' }) ?? 0;
    for (let i = 0; i < 3; i++) await api.owner.workspace(api.fixture.workspaceId);
    await fetch(new URL('/api/v2/workspaces/00000000-0000-0000-0000-000000000000', server.url), { headers: { [SESSION_TOKEN_HEADER]: api.tokens.owner } });
    const after = await scrape();
    expect(count(after) - count(before)).toBe(3);
    expect(sample(after, 'coderd_api_requests_processed_total', { ...route, code: '404' })).toBeGreaterThanOrEqual(1);
    expect(after).not.toContain(api.fixture.workspaceId);
    expect(sample(after, 'coderd_api_request_latencies_seconds_count', route)).toBeGreaterThanOrEqual(4);
    expect(sample(after, 'coderd_api_concurrent_requests')).toBeGreaterThanOrEqual(0);
    expect(sample(after, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(sample(after, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('reports builds by status, jobs and the latest build of each workspace', async () => {
    const text = await scrape();
    const build = { workspace_owner: api.fixture.ownerName, workspace_name: api.fixture.workspaceName, template_name: 'metrics', workspace_transition: 'start' };
    expect(sample(text, 'coderd_workspace_builds_total', { ...build, status: 'success' })).toBe(1);
    expect(sample(text, 'coderd_workspace_latest_build_status', { workspace_owner: api.fixture.ownerName, status: 'succeeded', workspace_transition: 'start' })).toBe(1);
    expect(sample(text, 'coderd_provisionerd_jobs_current', { provisioner: 'terraform' })).toBe(0);
    expect(sample(text, 'warren_provisioner_jobs', { status: 'pending' })).toBe(0);
  });

  it('reports agents connected and their connection latency, and database query latency', async () => {
    const labels = { username: api.fixture.ownerName, workspace_name: api.fixture.workspaceName };
    expect(sample(await scrape(), 'coderd_agents_up', labels)).toBe(0);
    const control = new WebSocket(new URL('/api/v2/workspaceagents/me/control', server.url.toString().replace('http', 'ws')), { headers: { [SESSION_TOKEN_HEADER]: api.tokens.agent } });
    try {
      await new Promise((resolve, reject) => control.once('open', resolve).once('error', reject));
      await waitFor('the agent to be connected', async () => {
        const w = await api.owner.workspace(api.fixture.workspaceId);
        return w.latest_build.resources[0]?.agents?.[0]?.status === 'connected';
      });
      const stats = await fetch(new URL('/api/v2/workspaceagents/me/report-stats', server.url), {
        method: 'POST',
        headers: { [SESSION_TOKEN_HEADER]: api.tokens.agent, 'Content-Type': 'application/json' },
        body: JSON.stringify({ connection_count: 1, connection_median_latency_ms: 42 }),
      });
      expect(stats.status).toBe(200);
      const text = await scrape();
      expect(sample(text, 'coderd_agents_up', labels)).toBe(1);
      expect(sample(text, 'coderd_agents_connections', { ...labels, agent_name: 'main', status: 'connected' })).toBe(1);
      expect(sample(text, 'coderd_agents_connection_latencies_seconds', { ...labels, agent_name: 'main' })).toBeCloseTo(0.042);
      expect(sample(text, 'coderd_api_concurrent_websockets')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'coderd_db_query_latencies_seconds_count', { query: 'UPDATE workspace_agents' })).toBeGreaterThanOrEqual(1);
    } finally {
      control.close();
    }
  });
});
