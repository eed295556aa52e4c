// Signing in with OpenID Connect from the sign-in page in Debian's Chromium: the button leads
// through a real provider (npm oidc-provider) and back to the page the user asked for, signed in
// as a new member; and a password account moved to the provider from the account page.
import type { Client } from '@warren/sdk';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain script without types
import { ensureSite } from '../../scripts/ensure-site.mjs';
import { startTestIdp, type TestIdp } from '../support/oidc-provider';
import { startTestServer, withOwner, type TestServer } from '../support/server';
import { checkPage, launchBrowser } from './support/browser';

let idp: TestIdp;
let server: TestServer;
let owner: Client;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  (ensureSite as () => boolean)();
  idp = await startTestIdp();
  server = await startTestServer({
    flags: { 'oidc-issuer-url': idp.issuer, 'oidc-client-id': idp.clientId, 'oidc-client-secret': idp.clientSecret, 'oidc-sign-in-text': 'Corporate SSO' },
  });
  idp.allowRedirects([`${server.url.origin}/api/v2/users/oidc/callback`]);
  owner = (await withOwner(server)).client;
  browser = await launchBrowser();
  page = browser.pages()[0] ?? (await browser.newPage());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await idp?.close();
});

describe('the sign-in page with OpenID Connect', () => {
  it('signs a new member in through the provider and returns to the page asked for', async () => {
    idp.next = { sub: 'grace-1', email: 'grace@corp.example', email_verified: true, preferred_username: 'grace', name: 'Grace Hopper' };
    await page.goto(new URL('/login?redirect=%2Ftemplates', server.url).toString());
    const button = page.getByRole('link', { name: 'Sign in with Corporate SSO' });
    await button.waitFor();
    expect(await checkPage(page, 'login-oidc')).toEqual([]);
    await button.click();
    await page.waitForURL('**/templates', { timeout: 30_000 });
    await page.getByRole('heading', { name: 'Templates' }).waitFor();
    const grace = (await owner.users()).users.find((u) => u.username === 'grace');
    expect(grace).toMatchObject({ email: 'grace@corp.example', login_type: 'oidc', name: 'Grace Hopper' });
    // The browser holds a session of Grace's own.
    const me = await page.evaluate(async () => (await (await fetch('/api/v2/users/me')).json()) as { username: string });
    expect(me.username).toBe('grace');
  });

  it('brings a refused sign-in back to the sign-in page with the reason', async () => {
    await page.context().clearCookies();
    idp.next = { sub: 'mallory-1', email: 'owner@example.com', email_verified: true };
    await page.goto(new URL('/login', server.url).toString());
    await page.getByRole('link', { name: 'Sign in with Corporate SSO' }).click();
    await page.waitForURL('**/login?error=*', { timeout: 30_000 });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('user is of login type "password"');
    expect(await checkPage(page, 'login-oidc-refused')).toEqual([]);
  });

  it('moves a password account to the provider from the account page', async () => {
    await page.context().clearCookies();
    await owner.createUser({ email: 'hedy@corp.example', username: 'hedy', password: 'Hedy-has-a-long-pass-1' });
    await page.goto(new URL('/login?redirect=%2Fsettings%2Faccount', server.url).toString());
    await page.getByLabel('Email or username').fill('hedy');
    await page.getByLabel('Password').fill('Hedy-has-a-long-pass-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/settings/account', { timeout: 30_000 });
    const section = page.getByRole('form', { name: 'Single sign-on' });
    await section.waitFor();
    expect(await checkPage(page, 'account-single-sign-on')).toEqual([]);
    idp.next = { sub: 'hedy-1', email: 'hedy@corp.example', email_verified: true };
    await section.getByLabel('Current password').fill('Hedy-has-a-long-pass-1');
    await section.getByRole('button', { name: 'Use Corporate SSO' }).click();
    // Through the provider and back, signed in with it: the page now has no password to change.
    await page.getByText('You sign in with oidc').waitFor({ timeout: 30_000 });
    expect(page.url()).toMatch(/\/settings\/account$/);
    expect((await owner.users()).users.find((u) => u.username === 'hedy')?.login_type).toBe('oidc');
  });
});
