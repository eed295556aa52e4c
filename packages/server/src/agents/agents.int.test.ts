// The agent API against a real server and a real build (terraform with the coder provider), driven
// with the agent token straight over HTTP, so each route's contract is checked on its own.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { agentStreamPath, RAW_STREAM_PROTOCOL, SESSION_TOKEN_COOKIE, SESSION_TOKEN_HEADER, type Client, type Workspace, type WorkspaceAgent } from '@warren/sdk';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, withOwner, type TestServer } from '../../../../test/support/server';
import { pushTemplate, waitFor } from './agents.testkit';
import { registerAgentBinaryRoutes } from './binary-routes';

const TEMPLATE = `
terraform {
  required_providers {
    coder = { source = "coder/coder" }
  }
}
data "coder_workspace" "me" {}
resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
  dir  = "/tmp"
  motd_file = "/etc/motd"
  connection_timeout = 1
  startup_script = "echo hi"
  metadata {
    display_name = "Load"
    key          = "load"
    script       = "cat /proc/loadavg"
    interval     = 5
    timeout      = 2
  }
}
resource "coder_app" "web" {
  agent_id = coder_agent.main.id
  slug     = "web"
  url      = "http://localhost:8080"
  healthcheck {
    url       = "http://localhost:8080/healthz"
    interval  = 5
    threshold = 3
  }
}
resource "terraform_data" "vm" {
  count = data.coder_workspace.me.start_count
  input = coder_agent.main.token
}
`;

let server: TestServer;
let owner: Client;
let workspace: Workspace;
let agentId: string;
let token: string;

const api = (method: string, route: string, body?: unknown, t = token) =>
  fetch(new URL(`/api/v2/workspaceagents/me/${route}`, server.url), {
    method,
    headers: { [SESSION_TOKEN_HEADER]: t, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const agentJson = () => owner.request<WorkspaceAgent>('GET', `/api/v2/workspaceagents/${agentId}`);

beforeAll(async () => {
  server = await startTestServer({ daemons: 1 });
  const o = await withOwner(server);
  owner = o.client;
  const templateId = await pushTemplate(owner, o.organizationId, TEMPLATE, 'api');
  const created = await owner.createUserWorkspace('me', { name: 'api', template_id: templateId });
  workspace = await waitFor('the build', async () => {
    const w = await owner.workspace(created.id);
    return w.latest_build.status === 'running' && w;
  }, 60_000);
  agentId = workspace.latest_build.resources.flatMap((r) => r.agents ?? [])[0]!.id;
  token = (await server.ctx.db.query<{ auth_token: string }>('SELECT auth_token FROM workspace_agents WHERE id = $1', [agentId])).rows[0]!.auth_token;
}, 120_000);
afterAll(() => server?.close());

describe('the agent API', () => {
  it('answers the manifest and records startup and lifecycle', async () => {
    const manifest = (await (await api('GET', 'manifest')).json()) as Record<string, unknown> & { scripts: Array<{ timeout: number; log_source_id: string }>; apps: Array<{ slug: string }> };
    expect(manifest).toMatchObject({ agent_id: agentId, agent_name: 'main', owner_name: 'owner', workspace_name: 'api', directory: '/tmp', motd_file: '/etc/motd', derpmap: { Regions: {} } });
    expect(manifest.metadata).toEqual([{ display_name: 'Load', key: 'load', script: 'cat /proc/loadavg', interval: 5, timeout: 2 }]);
    expect(manifest.apps.map((a) => a.slug)).toEqual(['web']);
    expect(manifest.scripts[0]!.log_source_id).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor('the connection timeout (1 s)', async () => (await agentJson()).status === 'timeout', 5000);

    expect((await api('POST', 'startup', { version: 'v9.9.9', expanded_directory: '/tmp', subsystems: ['envbox'] })).status).toBe(200);
    expect((await api('POST', 'report-lifecycle', { state: 'starting', changed_at: new Date().toISOString() })).status).toBe(204);
    expect((await api('POST', 'report-lifecycle', { state: 'bogus' })).status).toBe(400);
    const starting = await agentJson();
    expect(starting).toMatchObject({ version: 'v9.9.9', lifecycle_state: 'starting', subsystems: ['envbox'] });
    expect(starting.started_at).toBeTruthy();
    expect((await api('GET', 'manifest', undefined, randomUUID())).status).toBe(401);
    expect((await api('GET', 'manifest', undefined, 'not-a-uuid')).status).toBe(401);
  });

  it('marks the agent connected while its control connection lasts, and watchers see it', async () => {
    const events: string[] = [];
    const abort = new AbortController();
    const watch = await fetch(owner.watchWorkspaceUrl(workspace.id), { headers: { [SESSION_TOKEN_HEADER]: owner.sessionToken! }, signal: abort.signal });
    const reader = (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of watch.body!) events.push(decoder.decode(chunk as Uint8Array));
    })().catch(() => undefined);
    const url = new URL('/api/v2/workspaceagents/me/control', server.url);
    url.protocol = 'ws:';
    const control = new WebSocket(url, { headers: { [SESSION_TOKEN_HEADER]: token } });
    await new Promise((r) => control.once('open', r));
    await waitFor('connected', async () => (await agentJson()).status === 'connected');
    await waitFor('a watch event with the connected agent', async () => events.join('').includes('"status":"connected"'));
    control.close();
    await waitFor('disconnected', async () => (await agentJson()).status === 'disconnected');
    const agent = await agentJson();
    expect(agent.first_connected_at && agent.disconnected_at).toBeTruthy();
    abort.abort();
    await reader;
    const pty = await owner.raw('GET', `/api/v2/workspaceagents/${agentId}/pty?reconnect=${randomUUID()}`);
    expect(pty.status).toBe(400);
    expect(((await pty.json()) as { message: string }).message).toContain('"connected" state');
  });

  it('stores logs, streams them to followers and caps them at 1 MiB', async () => {
    const source = randomUUID();
    const created = await api('POST', 'log-source', { id: source, display_name: 'Custom', icon: '/x.svg' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: source, workspace_agent_id: agentId, display_name: 'Custom' });
    const url = new URL(`/api/v2/workspaceagents/${agentId}/logs?follow`, server.url);
    url.protocol = 'ws:';
    const follow = new WebSocket(url, { headers: { [SESSION_TOKEN_HEADER]: owner.sessionToken! } });
    const frames: Array<Array<{ output: string; source_id: string; level: string }>> = [];
    follow.on('message', (d) => frames.push(JSON.parse(d.toString())));
    await new Promise((r) => follow.once('open', r));
    const now = new Date().toISOString();
    expect((await api('PATCH', 'logs', { log_source_id: source, logs: [{ created_at: now, output: 'one', level: 'info' }, { created_at: now, output: 'two', level: 'error' }] })).status).toBe(200);
    await waitFor('followed logs', async () => frames.flat().length >= 2);
    expect(frames[0]).toEqual(expect.arrayContaining([expect.objectContaining({ output: 'one', source_id: source, level: 'info' })]));
    follow.close();
    const big = 'x'.repeat(600 * 1024);
    expect((await api('PATCH', 'logs', { log_source_id: source, logs: [{ created_at: now, output: big, level: 'info' }] })).status).toBe(200);
    expect((await api('PATCH', 'logs', { log_source_id: source, logs: [{ created_at: now, output: big, level: 'info' }] })).status).toBe(413);
    const agent = await agentJson();
    expect(agent.logs_overflowed).toBe(true);
    expect(agent.logs_length).toBe(600 * 1024 + 6);
    const logs = await owner.request<Array<{ id: number; output: string }>>('GET', `/api/v2/workspaceagents/${agentId}/logs`);
    expect(logs.map((l) => l.output.slice(0, 3))).toEqual(['one', 'two', 'xxx']);
  });

  it('stores stats, metadata and app health', async () => {
    const stats = await api('POST', 'report-stats', {});
    expect(await stats.json()).toEqual({ report_interval: 30_000_000_000 });
    const before = (await owner.workspace(workspace.id)).last_used_at;
    await new Promise((r) => setTimeout(r, 10));
    await api('POST', 'report-stats', { connection_count: 1, session_count_ssh: 1, rx_bytes: 10, tx_bytes: 20, connections_by_proto: { ssh: 1 } });
    expect(Date.parse((await owner.workspace(workspace.id)).last_used_at)).toBeGreaterThan(Date.parse(before));
    // Stats are stored as sent: a body nested too deep to store is refused, not a 500.
    const deep = 50_000;
    const nested = await fetch(new URL('/api/v2/workspaceagents/me/report-stats', server.url), { method: 'POST', headers: { [SESSION_TOKEN_HEADER]: token, 'Content-Type': 'application/json' }, body: `${'{"a":'.repeat(deep)}1${'}'.repeat(deep)}` });
    expect(nested.status).toBe(400);

    const events: string[] = [];
    const abort = new AbortController();
    const res = await fetch(new URL(`/api/v2/workspaceagents/${agentId}/watch-metadata`, server.url), { headers: { [SESSION_TOKEN_HEADER]: owner.sessionToken! }, signal: abort.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = (async () => {
      for await (const chunk of res.body!) events.push(new TextDecoder().decode(chunk as Uint8Array));
    })().catch(() => undefined);
    const collected = new Date().toISOString();
    expect((await api('POST', 'metadata', { metadata: [{ key: 'load', collected_at: collected, age: 0, value: '0.42', error: '' }, { key: 'unknown', value: 'x' }] })).status).toBe(204);
    await waitFor('a metadata event', async () => events.join('').includes('0.42'));
    abort.abort();
    await reader;
    const agent = (await agentJson()) as WorkspaceAgent & { metadata: unknown[] };
    expect(agent.metadata).toEqual([{ description: { display_name: 'Load', key: 'load', script: 'cat /proc/loadavg', interval: 5, timeout: 2 }, result: expect.objectContaining({ value: '0.42', error: '' }) }]);

    const appId = agent.apps[0]!.id;
    expect(agent.apps[0]!.health).toBe('initializing');
    expect((await api('POST', 'app-health', { Healths: { [appId]: 'healthy' } })).status).toBe(200);
    expect((await api('POST', 'app-health', { Healths: { [randomUUID()]: 'healthy' } })).status).toBe(400);
    expect((await agentJson()).apps[0]!.health).toBe('healthy');
  });

  it('serves the agent binary, or says how to build it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'warren-bin-'));
    writeFileSync(path.join(dir, 'coder-linux-amd64'), '#!/bin/sh\necho Coder\n');
    const Fastify = (await import('fastify')).default;
    const app = Fastify();
    registerAgentBinaryRoutes(app, dir);
    const ok = await app.inject({ method: 'GET', url: '/bin/coder-linux-amd64' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('echo Coder');
    expect((await app.inject({ method: 'GET', url: '/bin/coder-linux-amd64', headers: { 'if-none-match': ok.headers.etag as string } })).statusCode).toBe(304);
    // The ETag names the content: init scripts keep a shared cache by it.
    expect(ok.headers.etag).toBe(`"${createHash('sha256').update('#!/bin/sh\necho Coder\n').digest('hex')}"`);
    writeFileSync(path.join(dir, 'coder-linux-amd64'), '#!/bin/sh\necho Coder v2\n');
    const changed = await app.inject({ method: 'GET', url: '/bin/coder-linux-amd64', headers: { 'if-none-match': ok.headers.etag as string } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(ok.headers.etag);
    const missing = await app.inject({ method: 'GET', url: '/bin/coder-linux-arm64' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toContain('npm run build');
    expect((await app.inject({ method: 'GET', url: '/bin/evil' })).statusCode).toBe(404);
    // If-None-Match as a list or a weak tag matches too.
    const etag = changed.headers.etag as string;
    expect((await app.inject({ method: 'GET', url: '/bin/coder-linux-amd64', headers: { 'if-none-match': `"other", W/${etag}` } })).statusCode).toBe(304);
    // The listing names what this server has, and only that.
    const listing = await app.inject({ method: 'GET', url: '/bin/' });
    expect(listing.headers['content-type']).toContain('text/html');
    expect(listing.body).toContain('<a href="coder-linux-amd64">coder-linux-amd64</a>');
    expect(listing.body).not.toContain('coder-linux-arm64');
    await app.close();
  });
});

describe('stream dial-backs', () => {
  const streamUrl = (id: string, protocol = 'http:') => {
    const url = new URL(agentStreamPath(id), server.url);
    url.protocol = protocol;
    return url;
  };

  /** A raw dial-back as the agent makes it: resolves with the upgraded socket, or the refusal. */
  const rawDialBack = (id: string, t = token) =>
    new Promise<{ socket: net.Socket } | { status: number; body: string }>((resolve, reject) => {
      const req = http.request(streamUrl(id), { headers: { [SESSION_TOKEN_HEADER]: t, Connection: 'Upgrade', Upgrade: RAW_STREAM_PROTOCOL } });
      req.once('upgrade', (res, socket, head) => {
        expect(res.headers.upgrade).toBe(RAW_STREAM_PROTOCOL);
        if (head.length > 0) socket.unshift(head);
        resolve({ socket });
      });
      req.once('response', async (res) => resolve({ status: res.statusCode!, body: await new Response(res as unknown as ReadableStream).text() }));
      req.once('error', reject);
      req.end();
    });

  /** Plays a minimal HTTP app on a stream: answers one request with its request line and cookies. */
  const serveOneRequest = (stream: { on(e: 'data', f: (b: Buffer) => void): unknown; write(b: string): unknown }) => {
    let head = '';
    stream.on('data', (b: Buffer) => {
      head += b.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      const body = `${head.split('\r\n')[0]} cookie=${/^cookie:(.*)$/im.exec(head)?.[1]?.trim() ?? ''}`;
      stream.write(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      head = '';
    });
  };

  /** An agent's control connection that answers each dial with `answer`; resolves once connected. */
  async function fakeAgent(answer: (streamId: string, port: number) => void): Promise<WebSocket> {
    const control = new WebSocket(streamUrl('', 'ws:').toString().replace(/streams\/$/, 'control'), { headers: { [SESSION_TOKEN_HEADER]: token } });
    const dials: Array<{ raw?: boolean }> = [];
    control.on('message', (d) => {
      const msg = JSON.parse(d.toString()) as { type: string; stream_id: string; port: number; raw?: boolean };
      if (msg.type !== 'dial') return;
      dials.push(msg);
      answer(msg.stream_id, msg.port);
    });
    await new Promise((r) => control.once('open', r));
    await waitFor('connected', async () => (await agentJson()).status === 'connected');
    return Object.assign(control, { dials });
  }

  const openApp = () =>
    fetch(new URL('/@owner/api.main/apps/web/some/page?x=1', server.url), { headers: { Cookie: `${SESSION_TOKEN_COOKIE}=${owner.sessionToken!}; theme=dark` } });

  it('carries an app request over a raw dial-back: bytes unframed, Warren\'s cookie stripped', async () => {
    const control = await fakeAgent((id, port) => {
      expect(port).toBe(8080);
      void rawDialBack(id).then((r) => serveOneRequest((r as { socket: net.Socket }).socket));
    });
    try {
      const res = await openApp();
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('GET /some/page?x=1 HTTP/1.1 cookie=theme=dark');
      expect((control as unknown as { dials: Array<{ raw?: boolean }> }).dials).toEqual([expect.objectContaining({ raw: true })]);
    } finally {
      control.close();
      await waitFor('disconnected', async () => (await agentJson()).status === 'disconnected');
    }
  });

  it('carries it over a WebSocket dial-back when the agent dials back that way', async () => {
    const control = await fakeAgent((id) => {
      const ws = new WebSocket(streamUrl(id, 'ws:'), { headers: { [SESSION_TOKEN_HEADER]: token } });
      ws.once('open', () => serveOneRequest({ on: (_e, f) => ws.on('message', f), write: (s) => ws.send(Buffer.from(s)) }));
    });
    try {
      const res = await openApp();
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('GET /some/page?x=1 HTTP/1.1 cookie=theme=dark');
    } finally {
      control.close();
      await waitFor('disconnected', async () => (await agentJson()).status === 'disconnected');
    }
  });

  it('refuses a raw dial-back with a bad token or for a stream nobody asked for', async () => {
    const forged = await rawDialBack(randomUUID(), randomUUID());
    expect(forged).toMatchObject({ status: 401, body: expect.stringContaining('Workspace agent not authorized.') });
    const unknown = await rawDialBack(randomUUID());
    expect(unknown).toMatchObject({ status: 404, body: expect.stringContaining('No such stream is waiting for this agent.') });
    // The router still answers a plain GET on the path.
    expect((await api('GET', `streams/${randomUUID()}`)).status).toBe(404);
  });
});
