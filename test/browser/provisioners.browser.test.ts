// The external-provisioner pages in Debian's Chromium, against a real server without built-in
// daemons and a real `warren provisioner start`: a key created on the keys page (its secret read
// once), the daemon it starts listed with the key's tags, a workspace build whose tags no daemon
// has shown as pending with those tags named, and the key deleted. Every page is screenshotted
// and checked with axe-core.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client, ProvisionerDaemon } from '@warren/sdk';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain script without types
import { ensureSite } from '../../scripts/ensure-site.mjs';
import { waitUntil, WarrenProcess } from '../../packages/cli/src/process.testkit';
import { tarOf } from '../../packages/node-kit/src/archive/tar-fixture.testkit';
import { OWNER, startTestServer, withOwner, type TestServer } from '../support/server';
import { checkPage, launchBrowser, type AxeViolation } from './support/browser';

/** A template whose workspaces ask for a region no daemon serves (`coder_workspace_tags`). */
const MARS_TEMPLATE = `terraform {
  required_providers {
    coder = {
      source = "coder/coder"
    }
  }
}
data "coder_workspace_tags" "placement" {
  tags = {
    "region" = "mars"
  }
}
resource "terraform_data" "workspace" {}
`;

let server: TestServer;
let browser: BrowserContext;
let page: Page;
let owner: Client;
let organizationId: string;
let org: string;
let secret: string;
let daemon: WarrenProcess | undefined;
const work = mkdtempSync(path.join(os.tmpdir(), 'warren-provisioners-e2e-'));
const violations: Record<string, AxeViolation[]> = {};
const url = (p: string) => new URL(p, server.url).toString();
const check = async (name: string) => {
  violations[name] = await checkPage(page, name);
};
const daemonRow = (name: string) => page.locator(`tr[data-daemon="${name}"]`);

beforeAll(async () => {
  (ensureSite as () => boolean)();
  server = await startTestServer({ daemons: 0 });
  ({ client: owner, organizationId } = await withOwner(server));
  org = (await owner.organization(organizationId)).name;
  browser = await launchBrowser();
  page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(url('/login'));
  await page.getByLabel('Email or username').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/workspaces', { timeout: 30_000 });
}, 240_000);

afterEach((test) => {
  if (test.task.result?.state === 'fail' && daemon) console.log(`--- warren provisioner start\n${daemon.output.slice(-3000)}`);
});

afterAll(async () => {
  if (daemon) {
    daemon.killGroup();
    await daemon.stop('SIGKILL');
  }
  await browser?.close();
  await server?.close();
});

describe('the provisioner pages in a browser', () => {
  it('creates a provisioner key with a tag and shows its secret once', async () => {
    await page.getByRole('link', { name: 'Organization' }).click();
    await page.waitForURL(`**/organizations/${org}/provisioners`);
    await page.getByRole('heading', { name: 'No provisioners have connected' }).waitFor();
    await check('org-provisioners-empty');

    await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Provisioner keys' }).click();
    await page.getByRole('heading', { name: 'No provisioner keys yet' }).waitFor();
    await check('org-provisioner-keys-empty');
    await page.getByRole('button', { name: 'New provisioner key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Key name').fill('bad name');
    await expect.poll(() => dialog.getByText(/Must be letters and digits/).count()).toBe(1);
    await dialog.getByLabel('Key name').fill('onprem');
    await dialog.getByRole('button', { name: 'Add tag' }).click();
    await dialog.getByLabel('Tag 1 key').fill('environment');
    await dialog.getByLabel('Tag 1 value').fill('on_prem');
    await check('org-provisioner-key-create');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const secretField = page.getByLabel('Provisioner key secret');
    await secretField.waitFor({ timeout: 30_000 });
    secret = await secretField.inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await check('org-provisioner-key-secret');
    await page.getByRole('button', { name: 'Done' }).click();

    const row = page.locator('tr[data-key="onprem"]');
    await row.waitFor();
    expect(await row.locator('[data-tag]').allTextContents()).toEqual(['environment=on_prem']);
    // Shown once: neither the page nor a fresh load of it holds the secret again.
    expect(await page.content()).not.toContain(secret);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);
    await check('org-provisioner-keys');
    // The key the page created is the one the server knows by that secret.
    expect((await server.client().provisionerKeyBySecret(secret)).name).toBe('onprem');
  }, 120_000);

  it('lists the daemon started with the key, with the key’s tags', async () => {
    daemon = new WarrenProcess(
      ['--global-config', path.join(work, 'daemon-config'), 'provisioner', 'start', '--name', 'onprem-1', '--cache-dir', path.join(work, 'cache')],
      { CODER_URL: new URL(server.url).origin, CODER_PROVISIONER_DAEMON_KEY: secret },
      { detached: true },
    );
    await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Provisioners', exact: true }).click();
    await daemonRow('onprem-1').waitFor({ timeout: 60_000 });
    const row = daemonRow('onprem-1');
    expect(await row.locator('td').nth(1).textContent()).toBe('onprem');
    expect(await row.locator('[data-tag]').allTextContents()).toEqual(['scope=organization', 'environment=on_prem']);
    await expect.poll(() => row.locator('[data-status]').getAttribute('data-status'), { timeout: 30_000 }).toBe('idle');
    await check('org-provisioners');
  }, 120_000);

  it('shows a workspace build whose tags no daemon has as pending, naming the tag', async () => {
    // The import carries the key's tag, so the daemon runs it; the workspace adds region=mars.
    const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': MARS_TEMPLATE }));
    const queued = await owner.createTemplateVersion(organizationId, { storage_method: 'file', file_id: hash, provisioner: 'terraform', tags: { environment: 'on_prem' } });
    const version = await waitUntil('the template import', async () => {
      const v = await owner.templateVersion(queued.id);
      return ['succeeded', 'failed', 'canceled'].includes(v.job.status) ? v : undefined;
    }, 120_000);
    expect(version.job.status, version.job.error).toBe('succeeded');
    const daemons: ProvisionerDaemon[] = await owner.provisionerDaemons(organizationId);
    expect(version.job.worker_id).toBe(daemons.find((d) => d.name === 'onprem-1')?.id);
    const template = await owner.createTemplate(organizationId, { name: 'mars', template_version_id: version.id });
    const workspace = await owner.createUserWorkspace('me', { name: 'red-planet', template_id: template.id });
    expect(workspace.latest_build.job.tags).toMatchObject({ environment: 'on_prem', region: 'mars' });

    await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Provisioner jobs' }).click();
    const job = page.locator(`tbody[data-job="${workspace.latest_build.job.id}"]`);
    await job.waitFor({ timeout: 30_000 });
    expect(await job.getAttribute('data-job-status')).toBe('pending');
    expect(await job.getByText('Position 1 of 1').count()).toBe(1);
    expect(await job.getByTestId('pending-reason').textContent()).toBe('Why pending: No connected provisioner has the tag region=mars. See the provisioners');
    expect(await job.locator('[data-tag]').allTextContents()).toEqual(['scope=organization', 'environment=on_prem', 'region=mars']);
    await check('org-provisioner-jobs');

    // The workspace page says so in brief, and leads an owner to the jobs page.
    await page.goto(url(`/@${OWNER.username}/red-planet`));
    await expect.poll(() => page.getByText('No connected provisioner matches this job’s tags.', { exact: false }).count(), { timeout: 30_000 }).toBe(1);
    await check('workspace-pending');
    await page.getByRole('link', { name: 'See which tags' }).click();
    await page.waitForURL(`**/organizations/${org}/provisioner-jobs`);
    await job.getByTestId('pending-reason').waitFor();
  }, 180_000);

  it("edits a member's organization roles on the members page", async () => {
    await owner.createUser({ email: 'ada@example.com', username: 'ada', password: 'Ada-has-a-long-passw0rd' });
    await page.goto(url(`/organizations/${org}/provisioners`));
    await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Members' }).click();
    await page.locator('tr[data-member="ada"]').waitFor();
    await check('org-members');
    await page.getByRole('button', { name: 'Edit organization roles of ada' }).click();
    const dialog = page.getByRole('dialog', { name: 'Roles of ada' });
    await dialog.getByRole('checkbox', { name: /^Organization Template Admin/ }).check();
    await check('org-member-roles');
    await dialog.getByRole('button', { name: 'Save roles' }).click();
    await expect.poll(() => page.locator('tr[data-member="ada"]').textContent(), { timeout: 10_000 }).toContain('Organization Template Admin');
    const ada = (await owner.organizationMembers(organizationId)).find((m) => m.username === 'ada')!;
    expect(ada.roles.map((r) => r.name)).toEqual(['organization-template-admin']);
  }, 60_000);

  it('deletes the key after confirmation', async () => {
    await page.goto(url(`/organizations/${org}/provisioner-keys`));
    await page.getByRole('button', { name: 'Delete key onprem' }).click();
    await check('org-provisioner-key-delete');
    await page.getByRole('dialog').getByRole('button', { name: 'Delete key' }).click();
    await page.getByRole('heading', { name: 'No provisioner keys yet' }).waitFor({ timeout: 30_000 });
    expect(await owner.provisionerKeys(organizationId)).toEqual([]);
  }, 60_000);

  it('has no serious or critical accessibility violations on any page', () => {
    expect(Object.keys(violations).length).toBeGreaterThanOrEqual(11);
    expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((k) => [k, []])));
  });
});
