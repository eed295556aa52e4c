/**
 * A clone of the repository with no `../shared` folder beside it passes the fast part of the test
 * command, reporting the conformance cases that need the shared fixtures as skipped; with
 * WARREN_REQUIRE_FIXTURES=1 those cases fail instead, and `.ci/run` refuses to start without them.
 * The clone reuses this checkout's installed packages (linked, not installed again).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { absentFixtureLine, absentFixturesLine } from './support/shared-fixtures';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let tmp: string;
let clone: string;

/** Runs a command to completion with an environment free of this run's test settings. */
function run(file: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('VITEST') && k !== 'WARREN_REQUIRE_FIXTURES' && k !== 'WARREN_TEST_PG' && k !== 'NODE_OPTIONS') env[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env: { ...env, NO_COLOR: '1', ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

/** Links every installed package into the clone, with the workspace packages pointing at the clone's own sources. */
function linkNodeModules(from: string, to: string): void {
  mkdirSync(to);
  for (const entry of readdirSync(from)) {
    if (entry === '@warren' || (entry.startsWith('.') && entry !== '.bin')) continue;
    symlinkSync(path.join(from, entry), path.join(to, entry));
  }
  mkdirSync(path.join(to, '@warren'));
  for (const pkg of readdirSync(path.join(clone, 'packages'))) {
    const name = (JSON.parse(readFileSync(path.join(clone, 'packages', pkg, 'package.json'), 'utf8')) as { name: string }).name;
    if (name.startsWith('@warren/')) symlinkSync(path.join('..', '..', 'packages', pkg), path.join(to, name));
  }
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'warren-clone-'));
  clone = path.join(tmp, 'warren');
  const cloned = await run('git', ['clone', '--quiet', ROOT, clone], tmp);
  expect(cloned.code, cloned.output).toBe(0);
  linkNodeModules(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'));
  for (const pkg of readdirSync(path.join(ROOT, 'packages'))) {
    const own = path.join(ROOT, 'packages', pkg, 'node_modules');
    if (existsSync(own) && existsSync(path.join(clone, 'packages', pkg))) linkNodeModules(own, path.join(clone, 'packages', pkg, 'node_modules'));
  }
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const vitest = () => path.join(clone, 'node_modules/vitest/vitest.mjs');

describe('a fresh clone without ../shared', () => {
  it('has no shared folder beside it', () => {
    expect(existsSync(path.join(clone, 'package.json'))).toBe(true);
    expect(existsSync(path.join(clone, '../shared'))).toBe(false);
  });

  it('passes the unit tests, with the fixture cases reported as skipped', async () => {
    const report = path.join(tmp, 'unit-report.json');
    // Generous timeouts: this runs beside the rest of the suite on a busy machine; it checks what passes, not how fast.
    const args = ['run', '--project', 'unit', '--testTimeout=120000', '--hookTimeout=120000', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
    const result = await run(process.execPath, [vitest(), ...args], clone);
    expect(result.code, result.output.slice(-6000)).toBe(0);
    // One line for the whole run says which fixtures are absent and where they come from.
    const said = result.output.split('\n').filter((l) => l.includes('shared fixtures absent'));
    expect(said).toEqual([absentFixturesLine(['coder-terraform', 'provisioner-tags.tsv'], false)]);
    expect(said[0]).toContain("../shared/fixtures/coder-terraform (a copy of Coder's provisioner/terraform/testdata/resources)");

    interface Assertion { title: string; status: string }
    const json = JSON.parse(readFileSync(report, 'utf8')) as { numFailedTests: number; numPassedTests: number; testResults: { name: string; assertionResults: Assertion[] }[] };
    expect(json.numFailedTests).toBe(0);
    expect(json.numPassedTests).toBeGreaterThan(100);
    // In file order: vitest reports files in the order they finished.
    const skipped = json.testResults
      .flatMap((file) => file.assertionResults.filter((a) => a.status !== 'passed').map((a) => ({ file: path.relative(clone, file.name), ...a })))
      .sort((a, b) => a.file.localeCompare(b.file));
    // Exactly the files that read Coder's conversion fixtures skip, each with the one line naming them.
    expect(skipped).toEqual([
      { file: 'packages/provisionerd/src/convert/convert.test.ts', title: absentFixtureLine('coder-terraform'), status: 'skipped' },
      { file: 'packages/provisionerd/src/provider/schema-fixtures.test.ts', title: absentFixtureLine('coder-terraform'), status: 'skipped' },
    ].sort((a, b) => a.file.localeCompare(b.file)).map((s) => expect.objectContaining(s)));
    expect(absentFixtureLine('coder-terraform')).toContain('../shared/fixtures/coder-terraform');
  }, 600_000);

  it('fails the fixture cases instead when WARREN_REQUIRE_FIXTURES=1', async () => {
    const result = await run(process.execPath, [vitest(), 'run', '--project', 'unit', 'packages/provisionerd/src/convert/convert.test.ts'], clone, { WARREN_REQUIRE_FIXTURES: '1' });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('shared fixture ../shared/fixtures/coder-terraform is absent');
    expect(result.output).toContain('WARREN_REQUIRE_FIXTURES=1 requires it');
  }, 120_000);

  it('is refused by .ci/run before anything is installed', async () => {
    // Installers that would show up in the output had .ci/run gone past its first check.
    const stubs = path.join(tmp, 'stubs');
    mkdirSync(stubs);
    for (const tool of ['apt-get', 'npm']) writeFileSync(path.join(stubs, tool), `#!/bin/sh\necho "${tool} was run"\nexit 99\n`, { mode: 0o755 });
    const result = await run('bash', ['.ci/run'], clone, { PATH: `${stubs}:${process.env.PATH}` });
    expect(result.output).toMatch(/^The shared fixtures are missing: .*coder-terraform/m);
    expect(result.output).not.toContain('was run');
    expect(result.code).toBe(1);
  }, 60_000);
});
