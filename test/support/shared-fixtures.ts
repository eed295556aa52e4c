/**
 * Conformance fixtures copied from Coder live in a `shared/fixtures` folder beside the repository
 * (`../shared/fixtures`), not in it. A clone without that folder reports those cases as skipped,
 * with one line saying where the fixtures come from; with WARREN_REQUIRE_FIXTURES=1 (set by
 * `.ci/run`) a missing fixture fails the run instead, so CI never skips them silently.
 * (No vitest import here: the unit project's global setup uses this module too.)
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared fixtures folder beside the repository. */
export const SHARED_FIXTURES = path.resolve(REPO_ROOT, '../shared/fixtures');

/** What each fixture is a copy of, for the line printed when it is absent. */
export const FIXTURE_ORIGINS = {
  'coder-terraform': "Coder's provisioner/terraform/testdata/resources",
  'provisioner-tags.tsv': "Coder's provisioner tag-matching table (coderd/provisionerdserver/acquirer_test.go)",
} as const;

export type SharedFixture = keyof typeof FIXTURE_ORIGINS;

/** The one line that says a fixture is absent and where it comes from. */
export function absentFixtureLine(name: SharedFixture): string {
  const where = path.relative(REPO_ROOT, path.join(SHARED_FIXTURES, name));
  return `shared fixture ${where} is absent (a copy of ${FIXTURE_ORIGINS[name]}): its conformance cases are skipped`;
}

export function absentFixtures(): SharedFixture[] {
  return (Object.keys(FIXTURE_ORIGINS) as SharedFixture[]).filter((name) => !sharedFixture(name));
}

/** One line naming the absent fixtures and their origins, for the whole run; undefined when none is. */
export function absentFixturesLine(absent = absentFixtures(), required = fixturesRequired()): string | undefined {
  if (absent.length === 0) return undefined;
  const list = absent.map((name) => `${path.relative(REPO_ROOT, path.join(SHARED_FIXTURES, name))} (a copy of ${FIXTURE_ORIGINS[name]})`).join(', ');
  const outcome = required ? 'their conformance cases fail (WARREN_REQUIRE_FIXTURES=1)' : 'their conformance cases are skipped';
  return `shared fixtures absent beside the repository: ${list}; ${outcome}.`;
}

export function fixturesRequired(env: Record<string, string | undefined> = process.env): boolean {
  return env.WARREN_REQUIRE_FIXTURES === '1' || env.WARREN_REQUIRE_FIXTURES === 'true';
}

/** The fixture's path, or undefined when the shared folder does not hold it. */
export function sharedFixture(name: SharedFixture): string | undefined {
  const file = path.join(SHARED_FIXTURES, name);
  return existsSync(file) ? file : undefined;
}
