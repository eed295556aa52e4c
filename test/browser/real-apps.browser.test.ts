// Real web IDEs through the app proxy in Chromium: the local starter template's code-server and
// Jupyter apps (installed and started by its coder_scripts), opened on the dashboard's origin
// (path apps) and on a subdomain of their own (`*.localhost` port URLs). code-server's workbench
// and Jupyter's kernel both talk over WebSockets carried by the proxy.
//
// code-server comes from scripts/install-code-server.sh: the first run on a machine installs it
// into ~/.cache/warren (about 5 minutes), later runs reuse it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client, WorkspaceApp } from '@warren/sdk';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../packages/cli/src/test-io';
// @ts-expect-error a plain script without types
import { ensureAgent } from '../../scripts/ensure-agent.mjs';
import { agentOf, waitFor } from '../e2e/support/agent-workspace';
import { startTestServer, withOwner, type TestServer } from '../support/server';
import { ARTIFACTS, launchBrowser } from './support/browser';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LOCAL = path.join(ROOT, 'examples/templates/local');

let server: TestServer;
let owner: Client;
let workspaceId = '';
let home = '';
let apps: WorkspaceApp[] = [];
let browser: BrowserContext;
let page: Page;

const portOf = (slug: string) => Number(new URL(apps.find((a) => a.slug === slug)!.url!).port);
const portHost = (port: number) => `http://${port}--main--ide--owner.localhost:${server.url.port}`;

beforeAll(async () => {
  (ensureAgent as (force?: boolean) => boolean)();
  execFileSync('sh', [path.join(ROOT, 'scripts/install-code-server.sh')], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 900_000 });
  server = await startTestServer({ daemons: 1, flags: { 'wildcard-access-url': '*.localhost' } });
  ({ client: owner } = await withOwner(server));
  const cliConfig = mkdtempSync(path.join(os.tmpdir(), 'warren-real-apps-cli-'));
  const cli = (...argv: string[]) => runCli(['--global-config', cliConfig, '--url', server.url.toString(), '--token', owner.sessionToken!, ...argv]);
  const workspaces = mkdtempSync(path.join(os.tmpdir(), 'warren-real-apps-'));
  const push = await cli('templates', 'push', 'local', '-d', LOCAL, '-y', '--variable', `workspaces_dir=${workspaces}`);
  if (push.code !== 0) throw new Error(push.stderr);
  const created = await cli('create', 'ide', '-t', 'local', '-y');
  if (created.code !== 0) throw new Error(created.stdout + created.stderr);
  home = path.join(workspaces, 'owner-ide', 'home');
  workspaceId = (await owner.workspaceByOwnerAndName('me', 'ide')).id;
  apps = await waitFor('code-server and Jupyter to be healthy', async () => {
    const agent = agentOf(await owner.workspace(workspaceId));
    const ides = agent?.apps.filter((a) => a.slug === 'code-server' || a.slug === 'jupyter') ?? [];
    return ides.length === 2 && ides.every((a) => a.health === 'healthy') && agent!.apps;
  }, 240_000);
  writeFileSync(path.join(home, 'greeting.txt'), 'Hello from the workspace home\n', { mode: 0o644 });
  browser = await launchBrowser();
  await browser.addCookies([{ name: 'coder_session_token', value: owner.sessionToken!, url: server.url.toString() }]);
  page = await browser.newPage();
}, 1_200_000);

afterAll(async () => {
  await browser?.close();
  if (workspaceId) await owner.createWorkspaceBuild(workspaceId, { transition: 'delete' }).catch(() => undefined);
  if (workspaceId) {
    await waitFor('the workspace to be deleted', async () => (await owner.workspace(workspaceId)).latest_build.job.status === 'succeeded', 60_000).catch(() => undefined);
  }
  await server?.close();
}, 120_000);

/** Opens code-server at `url` and checks its explorer lists the home folder and opens a file. */
async function codeServerShowsHome(url: string): Promise<void> {
  await page.goto(url);
  const file = page.getByRole('treeitem', { name: /greeting\.txt/ });
  await file.waitFor({ timeout: 90_000 });
  await expect(page.getByRole('treeitem', { name: /\.welcome/ }).count()).resolves.toBe(1);
  // The workbench may still be loading (its extension host starts after the explorer shows): the
  // first open of a file can take a while on a busy machine.
  await file.click();
  try {
    await page.getByRole('tab', { name: /greeting\.txt/ }).waitFor({ timeout: 90_000 });
    await page.locator('.monaco-editor .view-lines', { hasText: 'Hello from the workspace home' }).waitFor({ timeout: 60_000 });
  } catch (err) {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'code-server-file.png') });
    throw err;
  }
}

describe('real web IDEs through the app proxy', () => {
  it('opens code-server as a path app: its explorer lists the home folder and a file shows its content', async () => {
    await codeServerShowsHome(new URL('/@owner/ide.main/apps/code-server/', server.url).toString());
    expect(new URL(page.url()).pathname).toBe('/@owner/ide.main/apps/code-server/');
  });

  it('opens code-server on a subdomain of its own (its port URL), signed in through the auth redirect', async () => {
    const host = portHost(portOf('code-server'));
    await codeServerShowsHome(`${host}/`);
    expect(page.url().startsWith(`${host}/`)).toBe(true);
    expect((await browser.cookies(host)).map((c) => c.name)).toContain('coder_subdomain_app_session_token');
  });

  it('runs a Jupyter notebook cell through the kernel WebSocket, as a path app', async () => {
    await page.goto(new URL('/@owner/ide.main/apps/jupyter/tree', server.url).toString());
    await page.locator('#new-dropdown-button').click();
    const [notebook] = await Promise.all([browser.waitForEvent('page'), page.locator('#kernel-python3 a').click()]);
    await notebook.locator('#kernel_indicator_icon.kernel_idle_icon').waitFor({ timeout: 60_000 });
    await notebook.locator('.cell .CodeMirror').first().click();
    await notebook.keyboard.type('print(6*7)');
    await notebook.keyboard.press('Shift+Enter');
    await expect(notebook.locator('.output_area pre').first().innerText({ timeout: 30_000 }).then((t) => t.trim())).resolves.toBe('42');
    expect(new URL(notebook.url()).pathname).toMatch(/^\/@owner\/ide\.main\/apps\/jupyter\/notebooks\/Untitled\d*\.ipynb$/);
    await notebook.close();
  });
});
