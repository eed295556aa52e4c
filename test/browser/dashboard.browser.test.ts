// The dashboard end to end in Debian's Chromium, against a real server with a built-in
// provisioner daemon, real terraform and the real agent: first-user setup, sign in, a workspace
// created from a template using every parameter form type, its build logs and agent, the web
// terminal (and its screen surviving a reload), stop, start and delete. Every page is
// screenshotted and checked with axe-core.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@warren/sdk';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain script without types
import { ensureAgent } from '../../scripts/ensure-agent.mjs';
// @ts-expect-error a plain script without types
import { ensureSite } from '../../scripts/ensure-site.mjs';
import { pushTemplate, waitFor } from '../../packages/server/src/agents/agents.testkit';
import { killPidFile } from '../e2e/support/agent-workspace';
import { startTestServer, type TestServer } from '../support/server';
import { checkPage, launchBrowser, type AxeViolation } from './support/browser';
import { everyFormTypeTemplate } from './support/parameters-template';

const ADMIN = { username: 'admin', email: 'admin@example.com', password: 'Sup3r-Secret-Passw0rd!' };

let server: TestServer;
let browser: BrowserContext;
let page: Page;
let root: string;
let api: Client;
let workspaceId: string | undefined;
const violations: Record<string, AxeViolation[]> = {};
const url = (p: string) => new URL(p, server.url).toString();
const check = async (name: string) => {
  violations[name] = await checkPage(page, name);
};
const field = (name: string) => page.locator(`[data-parameter="${name}"]`);
const terminalText = () => page.locator('.xterm-rows').innerText();

beforeAll(async () => {
  (ensureAgent as () => boolean)();
  (ensureSite as () => boolean)();
  server = await startTestServer({ daemons: 1 });
  root = mkdtempSync(path.join(os.tmpdir(), 'warren-dashboard-e2e-'));
  browser = await launchBrowser();
  page = browser.pages()[0] ?? (await browser.newPage());
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (workspaceId) {
    killPidFile(path.join(root, workspaceId, 'agent.pid'));
    killPidFile(path.join(root, workspaceId, 'http.pid'));
  }
});

describe('the dashboard in a browser', () => {
  it('sets up the first user, signs out and signs in again', async () => {
    await page.goto(url('/workspaces'));
    await page.waitForURL('**/setup');
    await page.getByRole('heading', { name: 'Welcome to Warren' }).waitFor();
    await check('setup');
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/templates', { timeout: 30_000 });

    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    await page.goto(url('/login?redirect=%2Fworkspaces'));
    await page.getByLabel('Email or username').fill(ADMIN.email);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 }).toContain('Incorrect email or password.');
    await check('login');
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/workspaces', { timeout: 30_000 });
    await page.getByRole('heading', { name: 'Create your first workspace' }).waitFor();
    await check('workspaces-empty');

    // /cli-auth shows a fresh session token, which works for API clients (what `warren login` asks for).
    await page.goto(url('/cli-auth'));
    const token = await page.getByLabel('Your session token').inputValue();
    await check('cli-auth');
    const me = await fetch(url('/api/v2/users/me'), { headers: { 'Coder-Session-Token': token } });
    expect(((await me.json()) as { username: string }).username).toBe(ADMIN.username);
    // It tells how to install the CLI, from this deployment's install.sh.
    const install = await page.getByText('/install.sh | sh').textContent();
    expect(install).toBe(`curl -fsSL ${url('/install.sh')} | sh`);
    expect((await fetch(url('/install.sh'))).headers.get('content-type')).toContain('shellscript');

    await page.goto(url('/no/such/page/here'));
    await page.getByRole('heading', { name: 'This page does not exist' }).waitFor();
    await check('not-found');
  }, 120_000);

  it('creates a workspace from a template with every parameter form type', async () => {
    api = server.client((await server.client().login(ADMIN.email, ADMIN.password)).session_token);
    const me = await api.user('me');
    await pushTemplate(api, me.organization_ids[0]!, everyFormTypeTemplate(root), 'every-form');

    await page.goto(url('/templates'));
    await page.getByRole('link', { name: 'every-form', exact: true }).click();
    await page.getByRole('heading', { name: 'Parameters' }).waitFor();
    await page.getByText('Repository').first().waitFor();
    await check('template');
    await page.getByRole('link', { name: 'Create workspace' }).click();
    await page.waitForURL('**/templates/every-form/workspace');
    await page.getByLabel('Workspace name').fill('dev');

    // A wrong value is refused at its field, with the template's own sentence, then fixed.
    await field('disk').locator('input').fill('500');
    await expect.poll(() => field('disk').getByRole('alert').textContent()).toBe('Disk must be 10 to 100 GB.');
    await field('repo').locator('input').fill('git@example.com:x.git');
    await expect.poll(() => field('repo').getByRole('alert').textContent()).toContain('Use an https URL.');
    await check('create-workspace-errors');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    expect(page.url()).toContain('/templates/every-form/workspace');
    await field('disk').locator('input').fill('50');
    await field('repo').locator('input').fill('https://example.com/y.git');
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);

    await field('notes').locator('textarea').fill('from the browser');
    await field('region').getByRole('combobox').click();
    await page.getByRole('option', { name: /America/ }).click();
    await field('size').getByRole('radio', { name: /Large/ }).click();
    await field('gpu').getByRole('checkbox').click();
    await field('dotfiles').getByRole('switch').click();
    await field('cpu').getByRole('slider').focus();
    await page.keyboard.press('ArrowRight');
    await field('ides').getByRole('checkbox', { name: /Emacs/ }).click();
    await field('tags').locator('input').fill('alpha');
    await page.keyboard.press('Enter');
    await check('create-workspace');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL('**/@admin/dev', { timeout: 30_000 });

    const w = await api.workspaceByOwnerAndName('admin', 'dev');
    workspaceId = w.id;
    const values = Object.fromEntries((await api.workspaceBuildParameters(w.latest_build.id)).map((p) => [p.name, p.value]));
    expect(values).toMatchObject({ repo: 'https://example.com/y.git', notes: 'from the browser', region: 'us', size: 'large', gpu: 'true', dotfiles: 'false', cpu: '3', disk: '50', ides: '["vim","emacs"]', tags: '["alpha"]' });
  }, 180_000);

  it('streams the build logs and shows the agent ready', async () => {
    const logs = page.getByRole('log', { name: 'Build logs' });
    await expect.poll(() => logs.textContent(), { timeout: 90_000 }).toMatch(/terraform|Terraform|apply|Apply/);
    await expect.poll(() => page.getByTestId('agent-state').first().textContent(), { timeout: 90_000 }).toContain('Ready');
    await expect.poll(() => page.getByRole('log', { name: /Startup logs/ }).textContent(), { timeout: 30_000 }).toContain('hello from the startup script');
    await expect.poll(() => page.getByLabel('Metadata').textContent(), { timeout: 30_000 }).toContain('metadata-says-hi');
    await check('workspace-running');
  }, 200_000);

  it('opens a terminal that keeps its screen across a reload', async () => {
    await page.getByRole('link', { name: 'Terminal' }).click();
    await page.waitForURL(/\/terminal\?.*reconnect=/);
    await page.locator('.xterm-rows').waitFor();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 30_000 }).toBe('Terminal connected');
    await page.locator('.xterm').click();
    await page.keyboard.type('echo $((6*7))');
    await page.keyboard.press('Enter');
    await expect.poll(terminalText, { timeout: 30_000 }).toMatch(/^42$/m);
    await check('terminal');
    const before = page.url();
    await page.reload();
    expect(page.url()).toBe(before);
    await expect.poll(terminalText, { timeout: 30_000 }).toContain('echo $((6*7))');
    expect(await terminalText()).toMatch(/^42$/m);

    // Coder's agent-qualified path, as command apps and `warren open app` link to it, runs the command.
    await page.goto(url(`/@admin/dev.main/terminal?command=${encodeURIComponent('echo agent-$((20+22))')}`));
    await expect.poll(terminalText, { timeout: 30_000 }).toMatch(/agent-42/);
  }, 120_000);

  it('sets the schedule from the workspace page', async () => {
    await page.goto(url('/@admin/dev'));
    await page.getByRole('button', { name: 'Edit schedule…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Schedule' });
    await dialog.getByLabel('Start automatically').check();
    await dialog.getByLabel('Start time').fill('07:30');
    await dialog.getByLabel('Time zone').fill('Europe/Berlin');
    await dialog.getByLabel('Stop automatically').check();
    await dialog.getByLabel('Hours after each start').fill('4');
    await check('schedule-dialog');
    await dialog.getByRole('button', { name: 'Save schedule' }).click();
    await expect.poll(async () => {
      const w = await api.workspace(workspaceId!);
      return [w.autostart_schedule, w.ttl_ms];
    }, { timeout: 10_000 }).toEqual(['CRON_TZ=Europe/Berlin 30 7 * * 1,2,3,4,5', 4 * 3600_000]);
    await expect.poll(() => page.getByRole('region', { name: 'Schedule' }).textContent(), { timeout: 10_000 }).toContain('7:30AM Mon,Tue,Wed,Thu,Fri (Europe/Berlin)');
  });

  it("edits the template's settings from its page", async () => {
    await page.goto(url('/templates/every-form'));
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL('**/templates/every-form/settings');
    await page.getByLabel('Default autostop (hours)').fill('6');
    await page.getByLabel(/Users may cancel their workspace builds/).uncheck();
    await check('template-settings');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'The settings were saved.' }).waitFor();
    const template = await api.templateByName((await api.user('me')).organization_ids[0]!, 'every-form');
    expect([template.default_ttl_ms, template.allow_user_cancel_workspace_jobs]).toEqual([6 * 3600_000, false]);
  });

  it('stops, starts and deletes the workspace from its page', async () => {
    await page.goto(url('/@admin/dev'));
    const status = () => page.locator('h1 + div [data-status]').first().getAttribute('data-status');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(status, { timeout: 90_000 }).toBe('stopped');
    await check('workspace-stopped');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await expect.poll(status, { timeout: 90_000 }).toBe('running');
    // This start stops 4 hours after it completed (the schedule set above); the page moves that an hour later.
    const deadline = async () => Date.parse((await api.workspace(workspaceId!)).latest_build.deadline ?? '');
    const before = await deadline();
    await page.getByRole('button', { name: 'Stop an hour later' }).click();
    await expect.poll(async () => (await deadline()) - before, { timeout: 10_000 }).toBe(3600_000);

    await page.goto(url('/workspaces'));
    await page.getByRole('link', { name: 'dev' }).waitFor();
    await check('workspaces');
    // A build started elsewhere reaches the list through its change stream, long before the list's
    // 30 s refresh would.
    const row = () => page.locator('tr[data-workspace="dev"] [data-status]').getAttribute('data-status');
    expect(await row()).toBe('running');
    await api.createWorkspaceBuild(workspaceId!, { transition: 'stop' });
    await expect.poll(row, { timeout: 10_000 }).toMatch(/^stop/);

    await page.goto(url('/@admin/dev'));
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/to confirm/).fill('dev');
    await check('delete-dialog');
    await dialog.getByRole('button', { name: 'Delete workspace' }).click();
    await page.waitForURL('**/workspaces');
    await waitFor('the workspace to be deleted', async () => {
      const w = await api.workspace(workspaceId!, { includeDeleted: true });
      return w.latest_build.status === 'deleted';
    }, 90_000);
  }, 300_000);

  it('creates a template from a starter template', async () => {
    await page.goto(url('/templates'));
    await page.getByRole('link', { name: 'New template' }).first().click();
    await page.waitForURL('**/starter-templates');
    await check('starter-templates');
    await page.getByRole('link', { name: 'Use template Agentless' }).click();
    await page.getByLabel('Name', { exact: true }).fill('no-agent');
    await check('new-template');
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.waitForURL('**/templates/no-agent', { timeout: 90_000 });
    await page.getByRole('heading', { name: 'Agentless' }).waitFor();
    const me = await api.user('me');
    expect((await api.templateByName(me.organization_ids[0]!, 'no-agent')).display_name).toBe('Agentless');
  }, 120_000);

  it('has no serious or critical accessibility violations on any page', () => {
    expect(Object.keys(violations).length).toBeGreaterThanOrEqual(12);
    expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((k) => [k, []])));
  });
});
