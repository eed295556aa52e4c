// Workspace apps in Chromium: a path app on the dashboard's origin and a subdomain app under
// `*.localhost` (which Chromium resolves to the loopback), signed in through the auth redirect
// with the browser's own cookie handling, a WebSocket opened by the app's page, and the echo
// app showing what it received.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@warren/sdk';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appsTemplate, freePort } from '../../packages/server/src/apps/apps.testkit';
// @ts-expect-error a plain script without types
import { ensureAgent } from '../../scripts/ensure-agent.mjs';
import { killPidFile, pushAgentTemplate, startAgentWorkspace } from '../e2e/support/agent-workspace';
import { startTestServer, withMember, withOwner, type TestServer } from '../support/server';
import { launchBrowser } from './support/browser';

let server: TestServer;
let owner: Client;
let member: Client;
let root: string;
let workspaceId = '';
let browser: BrowserContext;
let page: Page;
let sharedPort = 0;

interface Echo {
  url: string;
  headers: Record<string, string>;
}
const echoOnPage = async (): Promise<Echo> => JSON.parse((await page.locator('body').innerText()).trim()) as Echo;

beforeAll(async () => {
  (ensureAgent as (force?: boolean) => boolean)();
  server = await startTestServer({ daemons: 1, flags: { 'wildcard-access-url': '*.localhost' } });
  let orgId: string;
  ({ client: owner, organizationId: orgId } = await withOwner(server));
  member = await withMember(server, owner);
  root = mkdtempSync(path.join(os.tmpdir(), 'warren-apps-browser-'));
  const templateId = await pushAgentTemplate(owner, orgId, root, 'with-apps', appsTemplate(await freePort(), (sharedPort = await freePort()), await freePort()));
  workspaceId = (await startAgentWorkspace(owner, templateId, 'apps')).workspace.id;
  browser = await launchBrowser();
  page = await browser.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  for (const pid of ['echo.pid', 'shared.pid']) if (workspaceId) killPidFile(path.join(root, workspaceId, pid));
  await server?.close();
  if (workspaceId) killPidFile(path.join(root, workspaceId, 'agent.pid'));
});

describe('workspace apps in a browser', () => {
  it('opens a path app with the dashboard session, which the app never sees', async () => {
    await browser.addCookies([{ name: 'coder_session_token', value: owner.sessionToken!, url: server.url.toString() }]);
    await page.goto(new URL('/@owner/apps/apps/echo', server.url).toString());
    expect(new URL(page.url()).pathname).toBe('/@owner/apps/apps/echo/');
    const echo = await echoOnPage();
    expect(echo.url).toBe('/');
    expect(echo.headers.cookie ?? '').not.toContain('coder_');
    // The app's own cookie came back on the second request; Warren's stayed out.
    await page.reload();
    expect((await echoOnPage()).headers.cookie).toBe('app_cookie=1');
  });

  it('signs another user into a subdomain app through the auth redirect, and carries its WebSocket', async () => {
    await browser.clearCookies();
    await browser.addCookies([{ name: 'coder_session_token', value: member.sessionToken!, url: server.url.toString() }]);
    const app = `http://echo-authenticated--main--apps--owner.localhost:${server.url.port}`;
    await page.goto(`${app}/page?x=1`);
    expect(page.url()).toBe(`${app}/page?x=1`);
    const echo = await echoOnPage();
    expect(echo.url).toBe('/page?x=1');
    expect(echo.headers.cookie ?? '').not.toContain('coder_');
    const cookies = await browser.cookies(app);
    expect(cookies.map((c) => c.name).sort()).toEqual(['app_cookie', 'coder_signed_app_token', 'coder_subdomain_app_session_token']);
    expect(cookies.find((c) => c.name === 'coder_subdomain_app_session_token')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    const hello = await page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const ws = new WebSocket(`ws://${location.host}/socket`);
          ws.onmessage = (e) => {
            resolve(String(e.data));
            ws.close();
          };
          ws.onerror = () => reject(new Error('the WebSocket failed'));
        }),
    );
    expect(JSON.parse(hello)).toMatchObject({ hello: '/socket', token: null });
    expect(String((JSON.parse(hello) as { cookie: string | null }).cookie ?? '')).not.toContain('coder_');
  });

  it('opens a publicly shared port with no login at all', async () => {
    await owner.upsertWorkspacePortShare(workspaceId, { agent_name: 'main', port: sharedPort, share_level: 'public', protocol: 'http' });
    await browser.clearCookies();
    const host = `http://${sharedPort}--main--apps--owner.localhost:${server.url.port}`;
    await page.goto(`${host}/public?y=2`);
    expect(page.url()).toBe(`${host}/public?y=2`);
    const echo = await echoOnPage();
    expect(echo.url).toBe('/public?y=2');
    expect(echo.headers.cookie ?? '').not.toContain('coder_');
    // Unshared again, the same address asks who is there (the auth redirect to sign in).
    await owner.deleteWorkspacePortShare(workspaceId, { agent_name: 'main', port: sharedPort });
    await browser.clearCookies();
    await page.goto(`${host}/public`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await browser.addCookies([{ name: 'coder_session_token', value: member.sessionToken!, url: server.url.toString() }]);
  });

  it('keeps the member out of the owner-only app with a page', async () => {
    const response = await page.goto(`http://echo--main--apps--owner.localhost:${server.url.port}/`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Application not found' }).isVisible()).resolves.toBe(true);
  });
});
