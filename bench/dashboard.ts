/**
 * The dashboard in Debian's Chromium (playwright-core), against a real server:
 *  - bytes of JS + CSS the first page (/workspaces) loads, gzip (as built) and as sent (brotli);
 *  - time from navigation to the workspaces list rendered, with 1,000 workspaces;
 *  - status-change-to-screen latency: a build is canceled (or started) through the API, and the
 *    time until the list (its one change stream) and the workspace page (watch stream) show it.
 *   npm run bench -- dashboard
 * Builds are kept pending (the template's workspace tags match no daemon), so 1,000 workspaces
 * cost no terraform runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { SESSION_TOKEN_COOKIE } from '@warren/sdk';
import { pushTemplate } from '../packages/server/src/agents/agents.testkit';
// @ts-expect-error a plain script without types
import { ensureSite } from '../scripts/ensure-site.mjs';
import { launchBrowser } from '../test/browser/support/browser';
import { report, startBenchServer } from './support';

const WORKSPACES = 1000;
const RUNS = 5;
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../packages/site/dist');

const PENDING_TEMPLATE = `
terraform {
  required_providers {
    coder = { source = "coder/coder" }
  }
}
data "coder_workspace_tags" "pool" {
  tags = { pool = "nowhere" }
}
`;

(ensureSite as () => boolean)();
const { server, owner, organizationId } = await startBenchServer({ 'provisioner-daemons': '1' });
const browser = await launchBrowser();
try {
  const templateId = await pushTemplate(owner, organizationId, PENDING_TEMPLATE, 'pending');
  const created = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < WORKSPACES; i += 20) {
    const batch = await Promise.all(Array.from({ length: Math.min(20, WORKSPACES - i) }, (_, j) => owner.createUserWorkspace('me', { name: `ws-${String(i + j).padStart(4, '0')}`, template_id: templateId })));
    ids.push(...batch.map((w) => w.id));
  }
  console.log(`created ${WORKSPACES} workspaces through the API in ${((performance.now() - created) / 1000).toFixed(1)} s`);

  await browser.addCookies([{ name: SESSION_TOKEN_COOKIE, value: owner.sessionToken!, url: server.url.toString() }]);
  const page = browser.pages()[0] ?? (await browser.newPage());
  const url = (p: string) => new URL(p, server.url).toString();

  // First page: what /workspaces loads before anything else is opened.
  await page.goto(url('/workspaces'));
  await page.locator('tbody tr').first().waitFor();
  const loaded = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => ({ name: new URL(e.name).pathname, transfer: (e as PerformanceResourceTiming).encodedBodySize })),
  );
  const assets = loaded.filter((r) => /^\/assets\/.*\.(js|css)$/.test(r.name));
  const gz = (p: string) => gzipSync(readFileSync(path.join(dist, p)), { level: 9 }).length;
  const gzipBytes = assets.reduce((n, a) => n + gz(a.name), 0);
  const sentBytes = assets.reduce((n, a) => n + a.transfer, 0);
  const terminal = readdirSync(path.join(dist, 'assets')).filter((f) => f.startsWith('TerminalPage') && /\.(js|css)$/.test(f));
  console.log(`first page (/workspaces): ${assets.length} JS/CSS files, ${(gzipBytes / 1024).toFixed(1)} KiB gzip, ${(sentBytes / 1024).toFixed(1)} KiB sent (brotli); terminal loaded: ${assets.some((a) => a.name.includes('TerminalPage'))}`);
  console.log(`terminal chunk (loaded when opened): ${(terminal.reduce((n, f) => n + gz(`assets/${f}`), 0) / 1024).toFixed(1)} KiB gzip`);

  // Navigation → list rendered, with 1,000 workspaces (cache warm, fresh page each run).
  const renders: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await page.goto(url('/workspaces'));
    await page.getByText(`of ${WORKSPACES}`).waitFor();
    renders.push(performance.now() - started);
  }
  report(`navigation → list of ${WORKSPACES} rendered`, renders);

  // Status change → screen: cancel a pending build, watch the row (list) and the workspace page.
  const listLatency: number[] = [];
  const pageLatency: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const name = `ws-${String(i).padStart(4, '0')}`;
    await page.goto(url('/workspaces'));
    const row = page.locator(`tr[data-workspace="${name}"] [data-status]`);
    await row.waitFor();
    const w = await owner.workspaceByOwnerAndName('me', name);
    const started = performance.now();
    await owner.cancelWorkspaceBuild(w.latest_build.id);
    await page.waitForFunction((n) => document.querySelector(`tr[data-workspace="${n}"] [data-status]`)?.getAttribute('data-status')?.startsWith('cancel'), name, { polling: 'raf', timeout: 10_000 });
    listLatency.push(performance.now() - started);
  }
  report('build canceled → list row', listLatency);
  // A build started elsewhere on a row that was idle.
  const idleRowLatency: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const name = `ws-${String(i).padStart(4, '0')}`;
    await page.goto(url('/workspaces'));
    await page.locator(`tr[data-workspace="${name}"] [data-status="canceled"]`).waitFor();
    const w = await owner.workspaceByOwnerAndName('me', name);
    const started = performance.now();
    await owner.createWorkspaceBuild(w.id, { transition: 'start' });
    await page.waitForFunction((n) => document.querySelector(`tr[data-workspace="${n}"] [data-status]`)?.getAttribute('data-status') === 'pending', name, { polling: 'raf', timeout: 10_000 });
    idleRowLatency.push(performance.now() - started);
  }
  report('build started → list row', idleRowLatency);
  for (let i = RUNS; i < 2 * RUNS; i++) {
    const name = `ws-${String(i).padStart(4, '0')}`;
    await page.goto(url(`/@bench/${name}`));
    await page.locator('[data-status="pending"]').first().waitFor();
    await page.waitForTimeout(300); // the watch stream is open
    const w = await owner.workspaceByOwnerAndName('me', name);
    const started = performance.now();
    await owner.cancelWorkspaceBuild(w.latest_build.id);
    await page.waitForFunction(() => document.querySelector('h1 + div [data-status]')?.getAttribute('data-status')?.startsWith('cancel'), undefined, { polling: 'raf', timeout: 10_000 });
    pageLatency.push(performance.now() - started);
  }
  report('build canceled → workspace page shows it', pageLatency);
} finally {
  await browser.close();
  await server.close();
}
