/**
 * Conformance with Coder: every case of the shared fixtures (copied from coder/coder's
 * provisioner/terraform/testdata/resources) is converted from its plan and from its state, and the
 * result must equal Coder's golden file after the normalisation Coder's own test applies.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWithFixture } from '../../../../test/support/describe-with-fixture.js';
import { ConvertStateError, convertState, planModules, stateModules, stateToProtoJson } from './index.js';
import type { ProtoJson, TfPlan, TfState } from './index.js';

describeWithFixture('coder-terraform', 'convertState matches Coder golden files', (FIXTURES) => {
  const CASES = readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  it('reads fixtures from the shared folder, not from the repository', () => {
    expect(existsSync(path.join(FIXTURES, 'README.md'))).toBe(true);
  });

  it('finds the fixture cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
  });

  describe.each(['plan', 'state'] as const)('%s', (step) => {
    it.each(CASES)('%s', (name) => {
      const read = (suffix: string): string => readFileSync(path.join(FIXTURES, name, `${name}.tf${step}.${suffix}`), 'utf8');
      const json: unknown = JSON.parse(read('json'));
      const modules = step === 'plan' ? planModules(json as TfPlan) : stateModules(json as TfState);
      const golden: unknown = JSON.parse(readFileSync(path.join(FIXTURES, name, `converted_state.${step}.golden`), 'utf8'));

      let actual: unknown;
      try {
        actual = normalise(stateToProtoJson(convertState(modules, read('dot'))));
      } catch (error) {
        if (!(error instanceof ConvertStateError)) throw error;
        actual = error.message;
      }
      expect(actual).toEqual(golden);
    });
  });
});

type Json = ProtoJson[string];

/** Coder's test normalisation: stable orders, and app ids derived from slug + display name. */
function normalise(state: ProtoJson): ProtoJson {
  const resources = list(state['Resources']).sort((a, b) => compare(a, b, 'name') || compare(a, b, 'type'));
  for (const resource of resources) {
    const agents = list(resource['agents']).sort((a, b) => compare(a, b, 'name'));
    for (const agent of agents) {
      for (const app of list(agent['apps'])) app['id'] = appId(String(app['slug']), String(app['display_name'] ?? ''));
      list(agent['apps']).sort((a, b) => compare(a, b, 'slug'));
      list(agent['extra_envs']).sort((a, b) => compare(a, b, 'name'));
      list(agent['scripts']).sort((a, b) => compare(a, b, 'display_name'));
      list(agent['devcontainers']).sort((a, b) => compare(a, b, 'name'));
    }
  }
  list(state['ExternalAuthProviders']).sort((a, b) => compare(a, b, 'id'));
  return state;
}

function list(value: Json | undefined): ProtoJson[] {
  return Array.isArray(value) ? (value as ProtoJson[]) : [];
}

function compare(a: ProtoJson, b: ProtoJson, key: string): number {
  const x = String(a[key] ?? '');
  const y = String(b[key] ?? '');
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The UUID made of the first 16 bytes of sha256(slug + displayName), as Coder's test builds it. */
function appId(slug: string, displayName: string): string {
  const hex = createHash('sha256').update(slug + displayName).digest('hex').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
