// External auth in Debian's Chromium against a real server and a real OAuth 2.0 provider (npm
// oidc-provider): linking from /settings/external-auth, the create-workspace page of a template that
// needs the provider (Create held back until the login, done in a popup that closes itself),
// unlinking with the provider revoking the token, a refusal from the provider, a signed-out
// visit that signs in first, and the device flow. Every page is screenshotted and checked with axe-core.
import type { Client } from '@warren/sdk';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProvisionerDaemonApi } from '../../packages/server/src/jobs/daemon-api';
import { importTemplate, startDaemon } from '../../packages/server/src/jobs/daemon.testkit';
// @ts-expect-error a plain script without types
import { ensureSite } from '../../scripts/ensure-site.mjs';
import { approveDeviceCode, externalAuthEnv, startTestIdp, type TestIdp } from '../support/oidc-provider';
import { OWNER, startTestServer, withOwner, type TestServer } from '../support/server';
import { checkPage, launchBrowser, type AxeViolation } from './support/browser';

const ID = 'corp-git';
/** The same provider again, linked through the device flow. */
const DEVICE_ID = 'corp-device';

let idp: TestIdp;
let server: TestServer;
let owner: Client;
let daemon: ServerProvisionerDaemonApi;
let browser: BrowserContext;
let page: Page;
const violations: Record<string, AxeViolation[]> = {};
const url = (p: string) => new URL(p, server.url).toString();
const check = async (name: string) => {
  violations[name] = await checkPage(page, name);
};
const providerRow = () => page.locator(`tr[data-provider="${ID}"]`);
const createButton = () => page.getByRole('button', { name: 'Create workspace' });
const authSection = () => page.getByRole('region', { name: 'External authentication' });

async function signIn(then: string) {
  await page.getByLabel('Email or username').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`**${then}`, { timeout: 30_000 });
}

beforeAll(async () => {
  (ensureSite as () => boolean)();
  idp = await startTestIdp();
  server = await startTestServer({
    env: {
      ...externalAuthEnv(idp, { REVOKE_URL: `${idp.issuer}/token/revocation`, DISPLAY_NAME: 'Corp Git' }),
      ...externalAuthEnv(idp, { ID: DEVICE_ID, DISPLAY_NAME: 'Corp Device', DEVICE_FLOW: 'true', DEVICE_CODE_URL: `${idp.issuer}/device/auth` }, 1),
    },
  });
  idp.allowRedirects([`${server.url.origin}/external-auth/${ID}/callback`]);
  idp.next = { sub: 'dev-1', email: 'dev@corp.example' };
  const first = await withOwner(server);
  owner = first.client;
  daemon = await startDaemon(server.ctx, first.organizationId);
  await importTemplate(owner, daemon, first.organizationId, 'with-git', [], [{ id: ID, optional: false }]);
  browser = await launchBrowser();
  page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(url('/login?redirect=%2Fsettings%2Fexternal-auth'));
  await signIn('/settings/external-auth');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  await server?.close();
  await idp?.close();
});

describe('external auth in a browser', () => {
  it('lists the provider as not linked, and links it through the provider from the Login link', async () => {
    await providerRow().getByText('Not linked').waitFor();
    await check('external-auth-settings-unlinked');
    await providerRow().getByRole('link', { name: 'Login with Corp Git' }).click();
    await page.waitForURL(`**/external-auth/${ID}?redirected=true`, { timeout: 30_000 });
    await page.getByRole('heading', { name: "You've authenticated with Corp Git!" }).waitFor();
    await check('external-auth-authenticated');
    expect((await owner.externalAuth()).links).toEqual([expect.objectContaining({ provider_id: ID, authenticated: true })]);

    await page.goto(url('/settings/external-auth'));
    await providerRow().getByText('Linked', { exact: true }).waitFor();
    expect(await providerRow().getByRole('link').count()).toBe(0);
    await check('external-auth-settings-linked');
  });

  it('lets a linked user create a workspace from a template that needs the provider', async () => {
    await page.goto(url('/templates/with-git/workspace'));
    await authSection().getByText('Authenticated with Corp Git').waitFor();
    expect(await createButton().isEnabled()).toBe(true);
    await check('create-workspace-external-auth-done');
  });

  it('unlinks after confirming, and says the provider revoked the token', async () => {
    await page.goto(url('/settings/external-auth'));
    await providerRow().getByRole('button', { name: 'Unlink Corp Git' }).click();
    const dialog = page.getByRole('dialog', { name: 'Unlink Corp Git' });
    await dialog.waitFor();
    await check('external-auth-unlink-confirm');
    await dialog.getByRole('button', { name: 'Unlink' }).click();
    await page.getByText('Unlinked Corp Git. Corp Git revoked the token.').waitFor();
    await providerRow().getByText('Not linked').waitFor();
    expect((await owner.externalAuth()).links).toEqual([]);
    await check('external-auth-settings-unlinked-again');
  });

  it('holds Create back until the user logs in from the form, in a popup that closes itself', async () => {
    await page.goto(url('/templates/with-git/workspace'));
    const login = authSection().getByRole('button', { name: 'Login with Corp Git' });
    await login.waitFor();
    expect(await createButton().isDisabled()).toBe(true);
    expect(await page.getByText('Log in with Corp Git before creating the workspace: the template needs it.').isVisible()).toBe(true);
    await check('create-workspace-external-auth-needed');

    const [popup] = await Promise.all([page.waitForEvent('popup'), login.click()]);
    if (!popup.isClosed()) await popup.waitForEvent('close', { timeout: 30_000 });
    await authSection().getByText('Authenticated with Corp Git').waitFor({ timeout: 10_000 });
    expect(await createButton().isEnabled()).toBe(true);
    expect((await owner.externalAuth()).links).toEqual([expect.objectContaining({ provider_id: ID, authenticated: true })]);
  });

  it('brings a refusal at the provider back to the page, with the reason and a way to try again', async () => {
    await owner.deleteExternalAuth(ID);
    await page.goto(url(`/external-auth/${ID}/callback?error=access_denied&error_description=The+user+said+no`));
    await page.waitForURL(`**/external-auth/${ID}?redirected=true&error=*`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Corp Git refused the authorization: access_denied.');
    await check('external-auth-refused');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: "You've authenticated with Corp Git!" }).waitFor({ timeout: 30_000 });
  });

  it('sends a signed-out visitor to sign in, then on through the provider', async () => {
    await owner.deleteExternalAuth(ID);
    await page.context().clearCookies();
    await page.goto(url(`/external-auth/${ID}`));
    await page.waitForURL(`**/login?redirect=${encodeURIComponent(`/external-auth/${ID}`)}`);
    await signIn(`/external-auth/${ID}?redirected=true`);
    await page.getByRole('heading', { name: "You've authenticated with Corp Git!" }).waitFor();
  });

  it('links through the device flow: the page shows the code, and notices once it is entered at the provider', async () => {
    await page.goto(url(`/external-auth/${DEVICE_ID}`));
    const code = page.getByLabel('Your one-time code');
    await code.waitFor();
    await check('external-auth-device');
    expect(await approveDeviceCode(idp, (await code.textContent())!.trim())).toBe(200);
    // The page trades the code at the provider's interval (5 s) until it is accepted.
    await page.getByRole('heading', { name: "You've authenticated with Corp Device!" }).waitFor({ timeout: 30_000 });
    expect((await owner.externalAuthByID(DEVICE_ID)).authenticated).toBe(true);
  });

  it('passes the accessibility check on every page', () => {
    expect(Object.keys(violations).length).toBeGreaterThanOrEqual(7);
    expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((k) => [k, []])));
  });
});
