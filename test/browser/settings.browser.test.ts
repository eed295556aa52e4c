// The settings and deployment pages in Debian's Chromium against a real server: a token created on
// /settings/tokens (its secret read once) used for a real HTTP request and refused once deleted;
// the profile and password changed on /settings/account, then a sign-in with the new password;
// a user created, suspended, activated and given roles on /deployment/users; and a member meeting
// the 404 page there. Every page is screenshotted and checked with axe-core.
import type { Client } from '@warren/sdk';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain script without types
import { ensureSite } from '../../scripts/ensure-site.mjs';
import { MEMBER, OWNER, startTestServer, withMember, withOwner, type TestServer } from '../support/server';
import { checkPage, launchBrowser, type AxeViolation } from './support/browser';

const NEW_PASSWORD = 'Brand-n3w-and-long-passw0rd';

let server: TestServer;
let browser: BrowserContext;
let page: Page;
let owner: Client;
const violations: Record<string, AxeViolation[]> = {};
const url = (p: string) => new URL(p, server.url).toString();
const check = async (name: string) => {
  violations[name] = await checkPage(page, name);
};
const userRow = (username: string) => page.locator(`tr[data-user="${username}"]`);

/** A plain HTTP request from Node with the token, as a script would make it. */
const meWithToken = (token: string) => fetch(url('/api/v2/users/me'), { headers: { 'Coder-Session-Token': token } });

async function signIn(login: string, password: string, then: string) {
  await page.getByLabel('Email or username').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`**${then}`, { timeout: 30_000 });
}

beforeAll(async () => {
  (ensureSite as () => boolean)();
  server = await startTestServer({ daemons: 0 });
  owner = (await withOwner(server)).client;
  await withMember(server, owner);
  browser = await launchBrowser();
  await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
  page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(url('/login?redirect=%2Fsettings%2Ftokens'));
  await signIn(OWNER.email, OWNER.password, '/settings/tokens');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the settings and deployment pages in a browser', () => {
  it('creates a token, shows its secret once, and the secret works until the token is deleted', async () => {
    await page.getByRole('heading', { name: 'No tokens yet' }).waitFor();
    await check('settings-tokens-empty');
    await page.getByRole('link', { name: 'Add token' }).click();
    await page.waitForURL('**/settings/tokens/new');
    await page.getByLabel('Lifetime').waitFor();
    expect(await page.getByLabel('Lifetime').locator('option').allTextContents()).toEqual(['7 days', '30 days', '60 days', '90 days', 'Custom…']);
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect.poll(() => page.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    await check('settings-token-new');
    await page.getByLabel('Name').fill('script');
    await page.getByLabel('Lifetime').selectOption({ label: '7 days' });
    await page.getByRole('button', { name: 'Create token' }).click();

    const secretBox = page.getByLabel('Your new token');
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^[A-Za-z0-9]+-[A-Za-z0-9]+$/);
    await page.getByRole('button', { name: 'Copy token' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await check('settings-token-created');

    const ok = await meWithToken(secret);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { username: string }).username).toBe(OWNER.username);
    const listed = await owner.tokens('me');
    expect(listed.map((t) => t.token_name)).toEqual(['script']);
    expect(listed[0]!.lifetime_seconds).toBe(7 * 86_400);

    await page.getByRole('link', { name: 'Back to tokens' }).click();
    const row = page.locator('tr[data-token="script"]');
    await row.waitFor();
    await check('settings-tokens');
    await page.getByRole('button', { name: 'Delete token script' }).click();
    await page.getByRole('dialog', { name: 'Delete token' }).waitFor();
    await check('settings-token-delete');
    await page.getByRole('dialog').getByRole('button', { name: 'Delete token' }).click();
    await page.getByRole('heading', { name: 'No tokens yet' }).waitFor();
    expect((await meWithToken(secret)).status).toBe(401);
  });

  it('changes the profile and the password, then signs in with the new password', async () => {
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Account' }).click();
    await page.waitForURL('**/settings/account');
    expect(await page.getByLabel('Email').inputValue()).toBe(OWNER.email);
    await page.getByLabel('Name', { exact: true }).fill('Olive Owner');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Your profile was saved.').waitFor();
    expect((await owner.user()).name).toBe('Olive Owner');
    await check('settings-account');

    await page.getByLabel('Current password').fill('not-the-password-1A');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByLabel('Current password').getAttribute('aria-invalid'), { timeout: 30_000 }).toBe('true');
    expect(await page.getByText('Old password is incorrect.').count()).toBe(1);
    await check('settings-account-wrong-password');

    await page.getByLabel('Current password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('link', { name: 'Sign in again' }).waitFor({ timeout: 30_000 });
    expect((await owner.user().catch((e: { status: number }) => e)).status).toBe(401);
    await page.getByRole('link', { name: 'Sign in again' }).click();
    await page.waitForURL('**/login**');
    await signIn(OWNER.username, NEW_PASSWORD, '/settings/account');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Olive Owner');
    owner = server.client((await server.client().login(OWNER.email, NEW_PASSWORD)).session_token);
  });

  it('creates a user, suspends and activates it, and changes its roles', async () => {
    await page.goto(url('/deployment/users'));
    await userRow(OWNER.username).waitFor();
    await check('deployment-users');
    await page.getByRole('link', { name: 'Create user' }).click();
    await page.waitForURL('**/deployment/users/create');
    await page.getByLabel('Username').fill('dana');
    await page.getByLabel('Email').fill('dana@example.com');
    await page.getByLabel('Password').fill('password');
    await page.getByRole('button', { name: 'Create user' }).click();
    // The server's password rule, shown at the field.
    await expect.poll(() => page.getByLabel('Password').getAttribute('aria-invalid'), { timeout: 30_000 }).toBe('true');
    await check('deployment-user-create');
    await page.getByLabel('Password').fill('D4na-has-a-long-pass');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.waitForURL('**/deployment/users?filter=dana');
    const dana = userRow('dana');
    await dana.waitFor();

    await dana.getByRole('button', { name: 'Suspend dana' }).click();
    await page.getByRole('dialog', { name: 'Suspend user' }).getByRole('button', { name: 'Suspend' }).click();
    await dana.getByText('Suspended').waitFor();
    expect((await owner.user('dana')).status).toBe('suspended');
    await page.getByLabel('Status').selectOption({ label: 'Suspended' });
    await page.waitForURL('**/deployment/users?filter=status%3Asuspended+dana');
    await dana.waitFor();
    await check('deployment-users-suspended');
    await page.getByLabel('Status').selectOption({ label: 'Active' });
    await page.getByRole('heading', { name: 'No users match this search' }).waitFor();
    await page.getByLabel('Status').selectOption({ label: 'All' });
    await dana.getByRole('button', { name: 'Activate dana' }).click();
    await page.getByRole('dialog', { name: 'Activate user' }).getByRole('button', { name: 'Activate' }).click();
    await dana.getByText('Active', { exact: true }).waitFor();
    expect((await owner.user('dana')).status).toBe('active');

    await dana.getByRole('button', { name: 'Edit roles of dana' }).click();
    const dialog = page.getByRole('dialog', { name: 'Roles of dana' });
    await dialog.getByRole('checkbox', { name: /^Template Admin/ }).check();
    await dialog.getByRole('checkbox', { name: /^Auditor/ }).check();
    await check('deployment-user-roles');
    await dialog.getByRole('button', { name: 'Save roles' }).click();
    await dana.getByRole('list', { name: 'Roles of dana' }).getByText('Template Admin').waitFor();
    expect((await owner.user('dana')).roles.map((r) => r.name).sort()).toEqual(['auditor', 'template-admin']);

    await page.getByRole('searchbox', { name: 'Search users' }).fill('status:active own');
    await page.getByRole('searchbox', { name: 'Search users' }).press('Enter');
    await userRow(OWNER.username).waitFor();
    await expect.poll(() => page.locator('tr[data-user]').count()).toBe(1);
  });

  it("shows the server's options, with secrets withheld", async () => {
    await page.goto(url('/deployment/users'));
    await page.getByRole('navigation', { name: 'Deployment' }).getByRole('link', { name: 'Settings' }).click();
    const access = page.locator('tr[data-option="access-url"]');
    await access.waitFor();
    expect(await access.textContent()).toContain(server.url.origin);
    await page.getByLabel('Filter').fill('postgres');
    await expect.poll(() => page.locator('tr[data-option]').count()).toBeGreaterThan(0);
    expect(await page.locator('tr[data-option="postgres-url"]').textContent()).toContain('(set, hidden)');
    await check('deployment-settings');
  });

  it('keeps the pages readable in the dark theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(url('/deployment/users'));
    await userRow('dana').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await check('deployment-users-dark');
    await page.goto(url('/settings/tokens/new'));
    await page.getByLabel('Lifetime').waitFor();
    await check('settings-token-new-dark');
    await page.goto(url('/settings/account'));
    await page.getByLabel('Current password').waitFor();
    await check('settings-account-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('shows a member the 404 page at /deployment/users', async () => {
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL('**/login**');
    await page.goto(url('/login?redirect=%2Fdeployment%2Fusers'));
    await signIn(MEMBER.username, MEMBER.password, '/deployment/users');
    await page.getByRole('heading', { name: 'This page does not exist' }).waitFor();
    expect(await page.getByRole('link', { name: 'Deployment' }).count()).toBe(0);
    await check('deployment-users-member');
  });

  it('has no serious or critical accessibility violations on any page', () => {
    expect(Object.keys(violations).length).toBeGreaterThanOrEqual(16);
    expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((k) => [k, []])));
  });
});
