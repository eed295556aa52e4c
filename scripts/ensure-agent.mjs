// Builds the one `coder` binary (the CLI and the workspace agent: packages/cli/dist/coder-linux-<arch>)
// when it is missing or older than the sources it is built from (the CLI's, the agent's, the sdk's
// and node-kit's); `npm start` runs this before starting the server, so `GET /bin/coder-linux-<arch>`
// always serves a binary matching the checkout. Other platforms are built on demand:
// `node packages/cli/build.mjs --all` (docs/ides.md).
// Usage: node scripts/ensure-agent.mjs [--force]
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cliDir = path.join(root, 'packages/cli');
const arch = process.arch === 'x64' ? 'amd64' : process.arch;
const binary = path.join(cliDir, 'dist', `coder-${process.platform}-${arch}`);

/** The newest modification time under `dir` (files only; tests excluded). */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(p));
    else if (!/\.test\.ts$/.test(entry.name)) latest = Math.max(latest, statSync(p).mtimeMs);
  }
  return latest;
}

export function agentBuildReason() {
  let built;
  try {
    built = statSync(binary).mtimeMs;
  } catch {
    return `${path.relative(root, binary)} does not exist`;
  }
  const sources = Math.max(
    newest(path.join(cliDir, 'src')),
    newest(path.join(root, 'packages/agent/src')),
    newest(path.join(root, 'packages/sdk/src')),
    newest(path.join(root, 'packages/node-kit/src')),
    statSync(path.join(cliDir, 'build.mjs')).mtimeMs,
    statSync(path.join(cliDir, 'package.json')).mtimeMs,
    statSync(path.join(root, 'packages/agent/package.json')).mtimeMs,
  );
  return sources > built ? 'the CLI or agent sources changed since it was built' : undefined;
}

export function ensureAgent(force = false) {
  const reason = force ? 'a build was asked for' : agentBuildReason();
  if (!reason) return false;
  console.error(`building the coder binary (${reason})`);
  execFileSync(process.execPath, [path.join(cliDir, 'build.mjs')], { cwd: cliDir, stdio: ['ignore', 'inherit', 'inherit'] });
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureAgent(process.argv.includes('--force'));
}
