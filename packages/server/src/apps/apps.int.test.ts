// The workspace app proxy end to end: a real server (path apps and a `*.apps.localhost` wildcard),
// real terraform, the real agent, and an echo app running in the workspace.
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@warren/sdk';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain script without types
import { ensureAgent } from '../../../../scripts/ensure-agent.mjs';
import { killPidFile, pushAgentTemplate, startAgentWorkspace, waitFor } from '../../../../test/e2e/support/agent-workspace';
import { startTestServer, withMember, withOwner, type TestServer } from '../../../../test/support/server';
import { appsTemplate, freePort, httpGet, streamFirstChunk, type Answer } from './apps.testkit';

let server: TestServer;
let owner: Client;
let member: Client;
let root: string;
let workspaceId: string;
let echoPort: number;
let sharedPort: number;
const WILDCARD = 'apps.localhost';

const ownerCookie = () => `coder_session_token=${owner.sessionToken}`;
const memberCookie = () => `coder_session_token=${member.sessionToken}`;
const pathApp = (slug: string, rest = '/') => `/@owner/apps/apps/${slug}${rest}`;
const appHost = (label: string) => `${label}.${WILDCARD}:${server.url.port}`;
const get = (p: string, opts: { host?: string; cookie?: string; headers?: Record<string, string>; method?: string; body?: Buffer } = {}) =>
  httpGet(server.url, p, opts);
const echoOf = (a: Answer) => JSON.parse(a.body.toString()) as { method: string; url: string; headers: Record<string, string>; length: number; sha256: string };
const cookieValue = (a: Answer, name: string) => a.setCookies.map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1);

beforeAll(async () => {
  (ensureAgent as (force?: boolean) => boolean)();
  server = await startTestServer({ daemons: 1, flags: { 'wildcard-access-url': `*.${WILDCARD}`, 'dangerous-allow-path-app-sharing': 'true' } });
  let orgId: string;
  ({ client: owner, organizationId: orgId } = await withOwner(server));
  member = await withMember(server, owner);
  root = mkdtempSync(path.join(os.tmpdir(), 'warren-apps-'));
  echoPort = await freePort();
  sharedPort = await freePort();
  const templateId = await pushAgentTemplate(owner, orgId, root, 'with-apps', appsTemplate(echoPort, sharedPort, await freePort()));
  workspaceId = (await startAgentWorkspace(owner, templateId, 'apps')).workspace.id;
  await waitFor('the echo app', async () => (await get(pathApp('echo'), { cookie: ownerCookie() })).status === 200, 30_000);
}, 180_000);

afterAll(async () => {
  for (const pid of ['echo.pid', 'shared.pid']) if (workspaceId) killPidFile(path.join(root, workspaceId, pid));
  await server?.close();
  if (workspaceId) killPidFile(path.join(root, workspaceId, 'agent.pid'));
});

describe('path apps', () => {
  it('redirects the bare app address to its trailing slash, keeping the query', async () => {
    const a = await get('/@owner/apps/apps/echo?x=1', { cookie: ownerCookie() });
    expect(a.status).toBe(307);
    expect(a.headers.location).toBe('/@owner/apps/apps/echo/?x=1');
  });

  it('carries requests to the app under the app URL path, without Warren credentials', async () => {
    const a = await get(pathApp('echo', '/some/path?q=2&coder_session_token=leak'), {
      cookie: `${ownerCookie()}; other=kept`,
      headers: { 'Coder-Session-Token': owner.sessionToken!, 'X-Custom': 'yes' },
    });
    expect(a.status).toBe(200);
    const echo = echoOf(a);
    expect(echo.url).toBe('/some/path?q=2');
    expect(echo.headers.cookie).toBe('other=kept');
    expect(echo.headers['coder-session-token']).toBeUndefined();
    expect(echo.headers['x-custom']).toBe('yes');
    expect(echo.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(echo.headers['x-forwarded-host']).toBe(server.url.host);
    expect(echo.headers['x-forwarded-proto']).toBe('http');
    // The app's CORS headers are dropped; its own cookies pass; a signed app token is set for the app's path.
    expect(a.headers['access-control-allow-origin']).toBeUndefined();
    expect(a.setCookies.some((c) => c.startsWith('app_cookie=1'))).toBe(true);
    expect(a.setCookies.find((c) => c.startsWith('coder_signed_app_token='))).toContain('Path=/@owner/apps/apps/echo/');
  });

  it('accepts the signed app token alone, and refuses a forged one', async () => {
    const first = await get(pathApp('echo'), { cookie: ownerCookie() });
    const signed = cookieValue(first, 'coder_signed_app_token')!;
    const again = await get(pathApp('echo', '/x'), { cookie: `coder_signed_app_token=${signed}` });
    expect(again.status).toBe(200);
    expect(echoOf(again).headers.cookie).toBeUndefined();
    const forged = await get(pathApp('echo', '/x'), { cookie: `coder_signed_app_token=${signed.slice(0, -2)}xx` });
    expect(forged.status).toBe(303);
    expect(forged.headers.location).toBe(`/login?redirect=${encodeURIComponent(pathApp('echo', '/x'))}`);
  });

  it('streams uploads and responses both ways', async () => {
    const body = Buffer.alloc(24 << 20);
    for (let i = 0; i < body.length; i += 4096) body[i] = i & 0xff;
    const up = await get(pathApp('echo', '/upload'), { cookie: ownerCookie(), method: 'POST', body });
    expect(echoOf(up)).toMatchObject({ method: 'POST', length: body.length, sha256: createHash('sha256').update(body).digest('hex') });
    const down = await get(pathApp('echo', '/download?bytes=67108864'), { cookie: ownerCookie() });
    expect(down.body.length).toBe(64 << 20);
  });

  it('passes a response on before the app has finished it', async () => {
    const { firstChunk, rest } = await streamFirstChunk(server.url, pathApp('echo', '/stream'), ownerCookie());
    expect(firstChunk).toBe('first chunk\n');
    expect((await get(pathApp('echo', '/release'), { cookie: ownerCookie() })).body.toString()).toBe('released');
    expect(await rest).toBe('first chunk\nlast chunk\n');
  });

  it('echoes WebSocket messages through an upgrade, with the session checked', async () => {
    const url = new URL(pathApp('echo', '/ws?a=1'), server.url);
    url.protocol = 'ws:';
    const ws = new WebSocket(url, { headers: { Cookie: `${ownerCookie()}; kept=1`, 'Coder-Session-Token': owner.sessionToken! } });
    const messages: string[] = [];
    ws.on('message', (d) => messages.push(d.toString()));
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    ws.send('ping-1');
    await waitFor('the echo', async () => messages.length >= 2);
    expect(JSON.parse(messages[0]!)).toEqual({ hello: '/ws?a=1', cookie: 'kept=1', token: null, forwardedFor: '127.0.0.1' });
    expect(messages[1]).toBe('ping-1');
    ws.close();
    const refused = new WebSocket(url, { headers: { Cookie: memberCookie() } });
    const status = await new Promise<number>((resolve) => refused.once('unexpected-response', (_req, res) => resolve(res.statusCode!)));
    expect(status).toBe(404);
  });

  it('keeps another user out of an owner app (404) and lets them into an authenticated one', async () => {
    const refused = await get(pathApp('echo'), { cookie: memberCookie() });
    expect(refused.status).toBe(404);
    expect(refused.headers['content-type']).toContain('text/html');
    expect(refused.body.toString()).toContain('Application not found');
    const shared = await get(pathApp('echo-path-shared'), { cookie: memberCookie() });
    expect(shared.status).toBe(200);
    expect(echoOf(shared).headers.cookie).toBeUndefined();
    // Nobody signed in: off to the login page.
    expect((await get(pathApp('echo-path-shared'))).status).toBe(303);
  });

  it('sends a subdomain app asked for by path to its own host', async () => {
    const a = await get(pathApp('echo-authenticated', '/deep?x=1&coder_session_token=leak'), { cookie: memberCookie() });
    expect(a.status).toBe(307);
    expect(a.headers.location).toBe(`http://${appHost('echo-authenticated--main--apps--owner')}/deep?x=1`);
    expect((await get(pathApp('echo-authenticated'))).status).toBe(303);
  });

  it('answers pages a person understands when the app cannot be reached', async () => {
    const refused = await get(pathApp('refused'), { cookie: ownerCookie() });
    expect(refused.status).toBe(502);
    expect(refused.body.toString()).toContain('The application refused the connection');
    expect(refused.body.toString()).toContain('ECONNREFUSED');
    const command = await get(pathApp('shell'), { cookie: ownerCookie() });
    expect(command.status).toBe(400);
    expect(command.body.toString()).toContain('does not open in the browser');
    const unhealthy = await waitFor('the unhealthy app page', async () => {
      const a = await get(pathApp('unhealthy'), { cookie: ownerCookie() });
      return a.status === 502 && a.body.toString().includes('The application is unhealthy') && a;
    });
    expect(unhealthy.headers['content-type']).toContain('text/html');
    expect((await get('/@owner/nope/apps/echo/', { cookie: ownerCookie() })).status).toBe(404);
  });

  it('counts opening an app as using the workspace', async () => {
    await server.ctx.db.query(`UPDATE workspaces SET last_used_at = '2001-01-01T00:00:00Z' WHERE id = $1`, [workspaceId]);
    expect((await get(pathApp('echo'), { cookie: ownerCookie() })).status).toBe(200);
    await waitFor('the usage', async () => (await owner.workspace(workspaceId)).last_used_at > '2002');
  });

  it('leaves the terminal page to the dashboard', async () => {
    const a = await get('/@owner/apps/terminal', { cookie: ownerCookie() });
    expect(a.headers['set-cookie']).toBeUndefined();
    expect(a.body.toString()).not.toContain('Application not found');
  });
});

describe('subdomain apps', () => {
  it('tells clients the wildcard host', async () => {
    expect(await owner.appHost()).toEqual({ host: `*.${WILDCARD}:${server.url.port}` });
    const apps = (await owner.workspace(workspaceId)).latest_build.resources.flatMap((r) => r.agents ?? []).flatMap((a) => a.apps);
    expect(apps.find((a) => a.slug === 'echo-authenticated')).toMatchObject({ subdomain: true, subdomain_name: 'echo-authenticated--main--apps--owner', sharing_level: 'authenticated' });
    expect(apps.find((a) => a.slug === 'echo')).toMatchObject({ subdomain: false, sharing_level: 'owner' });
    expect(apps.find((a) => a.slug === 'echo')!.subdomain_name).toBeUndefined();
  });

  it('signs a user in through the auth redirect, then proxies without credentials', async () => {
    const host = appHost('echo-authenticated--main--apps--owner');
    const first = await get('/page?x=1', { host });
    expect(first.status).toBe(303);
    const redirect = new URL(first.headers.location!);
    expect(redirect.pathname).toBe('/api/v2/applications/auth-redirect');
    expect(redirect.searchParams.get('redirect_uri')).toBe(`http://${host}/page?x=1`);
    // Not signed in on the dashboard: off to the login page first.
    const anonymous = await get(`${redirect.pathname}${redirect.search}`);
    expect(anonymous.status).toBe(307);
    expect(anonymous.headers.location).toMatch(/^\/login\?redirect=/);

    const minted = await get(`${redirect.pathname}${redirect.search}`, { cookie: memberCookie() });
    expect(minted.status).toBe(307);
    const back = new URL(minted.headers.location!);
    expect(back.host).toBe(host);
    expect(back.searchParams.get('coder_application_connect_api_key_35e783')).toBeTruthy();
    const accepted = await get(`${back.pathname}${back.search}`, { host });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.location).toBe('/page?x=1');
    const session = accepted.setCookies.find((c) => c.startsWith('coder_subdomain_app_session_token='))!;
    expect(session).toContain('Domain=apps.localhost');
    expect(session).toContain('HttpOnly');

    const page = await get('/page?x=1', { host, cookie: `${session.split(';')[0]}; mine=1` });
    expect(page.status).toBe(200);
    const echo = echoOf(page);
    expect(echo.url).toBe('/page?x=1');
    expect(echo.headers.cookie).toBe('mine=1');
    expect(echo.headers['x-forwarded-host']).toBe(host);
  });

  it('refuses a signed-in user an owner app (404) and a bad redirect URI', async () => {
    const key = await member.request<{ key: string }>('POST', '/api/v2/users/me/keys');
    const a = await get('/', { host: appHost('echo--main--apps--owner'), cookie: `coder_subdomain_app_session_token=${key.key}` });
    expect(a.status).toBe(404);
    const bad = await get(`/api/v2/applications/auth-redirect?redirect_uri=${encodeURIComponent('http://evil.example.com/')}`, { cookie: memberCookie() });
    expect(bad.status).toBe(400);
  });

  it('serves a port shared publicly with no login, and only once shared', async () => {
    const host = appHost(`${sharedPort}--main--apps--owner`);
    const before = await get('/hello', { host });
    expect(before.status).toBe(303);
    await owner.upsertWorkspacePortShare(workspaceId, { agent_name: 'main', port: sharedPort, share_level: 'public', protocol: 'http' });
    expect((await owner.workspacePortShares(workspaceId)).shares).toEqual([{ workspace_id: workspaceId, agent_name: 'main', port: sharedPort, share_level: 'public', protocol: 'http' }]);
    const open = await get('/hello', { host });
    expect(open.status).toBe(200);
    expect(echoOf(open).url).toBe('/hello');
    expect((await member.raw('POST', `/api/v2/workspaces/${workspaceId}/port-share`, { agent_name: 'main', port: sharedPort, share_level: 'public' })).status).toBe(404);
    await owner.deleteWorkspacePortShare(workspaceId, { agent_name: 'main', port: sharedPort });
    expect((await get('/hello', { host })).status).toBe(303);
  });

  it('echoes WebSockets on an app host', async () => {
    await owner.upsertWorkspacePortShare(workspaceId, { agent_name: 'main', port: sharedPort, share_level: 'public', protocol: 'http' });
    const ws = new WebSocket(`ws://127.0.0.1:${server.url.port}/socket`, { headers: { Host: appHost(`${sharedPort}--main--apps--owner`) } });
    const messages: string[] = [];
    ws.on('message', (d) => messages.push(d.toString()));
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    ws.send(Buffer.from('binary-ping'));
    await waitFor('the echo', async () => messages.length >= 2);
    expect(messages[1]).toBe('binary-ping');
    ws.close();
  });
});

describe('an agent that went away', () => {
  it('answers a page naming the agent, for a valid signed token too', async () => {
    const first = await get(pathApp('echo'), { cookie: ownerCookie() });
    const signed = cookieValue(first, 'coder_signed_app_token')!;
    killPidFile(path.join(root, workspaceId, 'agent.pid'));
    for (const cookie of [ownerCookie(), `coder_signed_app_token=${signed}`]) {
      const page = await waitFor('the agent page', async () => {
        const a = await get(pathApp('echo'), { cookie });
        return a.status === 502 && a.body.toString().includes('The workspace agent is not connected') && a;
      });
      expect(page.body.toString()).toContain('The agent &#34;main&#34;');
    }
  });
});

describe('a stopped workspace', () => {
  it('tells its owner to start it, and tells others nothing', async () => {
    const stop = await owner.createWorkspaceBuild(workspaceId, { transition: 'stop' });
    await waitFor('the stop build', async () => (await owner.workspaceBuild(stop.id)).job.status === 'succeeded', 60_000);
    const page = await get(pathApp('echo-path-shared'), { cookie: ownerCookie() });
    expect(page.status).toBe(502);
    expect(page.body.toString()).toContain('The workspace is not running');
    expect(page.body.toString()).toContain('The workspace is stopped');
    expect(page.body.toString()).toContain(`href="${new URL('/@owner/apps', server.url).toString()}"`);
    expect((await get(pathApp('echo-path-shared'), { cookie: memberCookie() })).status).toBe(404);
  });
});

describe('with path apps disabled', () => {
  it('refuses path apps with a page and still answers the API', async () => {
    const other = await startTestServer({ flags: { 'disable-path-apps': 'true' } });
    try {
      const a = await httpGet(other.url, '/@owner/apps/apps/echo/');
      expect(a.status).toBe(403);
      expect(a.body.toString()).toContain('Path-based applications are disabled');
      expect((await other.client().buildInfo()).version).toBeTruthy();
    } finally {
      await other.close();
    }
  });
});
