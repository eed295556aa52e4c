// Builds the dashboard (packages/site/dist) when it is missing or older than the sources it is
// built from (its own and the sdk's); `npm start` and `npm test` run this first, so the server
// always serves a dashboard matching the checkout.
// Usage: node scripts/ensure-site.mjs [--force]
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const siteDir = path.join(root, 'packages/site');
const builtIndex = path.join(siteDir, 'dist', 'index.html');

/** The newest modification time under `dir` (files only; tests excluded). */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(p));
    else if (!/\.test\.tsx?$/.test(entry.name)) latest = Math.max(latest, statSync(p).mtimeMs);
  }
  return latest;
}

export function siteBuildReason() {
  let built;
  try {
    built = statSync(builtIndex).mtimeMs;
  } catch {
    return `${path.relative(root, builtIndex)} does not exist`;
  }
  const sources = Math.max(
    newest(path.join(siteDir, 'src')),
    newest(path.join(siteDir, 'public')),
    newest(path.join(root, 'packages/sdk/src')),
    ...['index.html', 'vite.config.ts', 'package.json'].map((f) => statSync(path.join(siteDir, f)).mtimeMs),
  );
  return sources > built ? 'the dashboard sources changed since it was built' : undefined;
}

export function ensureSite(force = false) {
  const reason = force ? 'a build was asked for' : siteBuildReason();
  if (!reason) return false;
  console.error(`building the dashboard (${reason})`);
  const vite = path.join(path.dirname(createRequire(path.join(siteDir, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: siteDir, stdio: ['ignore', 'inherit', 'inherit'] });
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureSite(process.argv.includes('--force'));
}
