// The provider's schemas against the state the real coder/coder provider wrote in Coder's
// conversion fixtures: every attribute the real provider writes exists here with a matching type.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeWithFixture } from '../../../../test/support/describe-with-fixture.js';
import type { BlockSchema, CtyType, ResourceSchema } from '../tfplugin/index.js';
import { coderProvider } from './provider.js';

/** Keys in the fixtures that provider 2.17 does not write (added to the files by hand upstream). */
const fixtureOnly = new Set(['coder_agent.display_apps.desktop']);

interface StateResource { mode: string; type: string; address: string; schema_version: number; values: Record<string, unknown> }
interface StateModule { resources?: StateResource[]; child_modules?: StateModule[] }

function resources(module: StateModule): StateResource[] {
  return [...(module.resources ?? []), ...(module.child_modules ?? []).flatMap(resources)];
}

function typeMismatch(type: CtyType, value: unknown): boolean {
  if (value === null) return false;
  if (type === 'string') return typeof value !== 'string';
  if (type === 'number') return typeof value !== 'number';
  if (type === 'bool') return typeof value !== 'boolean';
  if (type === 'dynamic') return false;
  if (typeof type === 'object' && ('list' in type || 'set' in type)) return !Array.isArray(value);
  return typeof value !== 'object' || Array.isArray(value);
}

/** Differences between a fixture value and a block schema, as readable lines. */
function compare(schema: BlockSchema, values: Record<string, unknown>, where: string): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const name = `${where}.${key}`;
    const attribute = schema.attributes[key];
    const nested = schema.blocks?.[key];
    if (fixtureOnly.has(name)) continue;
    if (attribute) {
      if (typeMismatch(attribute.type.cty, value)) problems.push(`${name}: ${JSON.stringify(value)} is not ${JSON.stringify(attribute.type.cty)}`);
    } else if (nested) {
      if (value !== null && !Array.isArray(value)) problems.push(`${name}: a block list/set expected`);
      for (const element of (value as Record<string, unknown>[] | null) ?? []) problems.push(...compare(nested.block, element, name));
    } else {
      problems.push(`${name}: missing from the schema`);
    }
  }
  return problems;
}

describeWithFixture('coder-terraform', 'schemas against the real provider state', (fixtures) => {
  const provider = coderProvider({ env: () => ({}) });
  const cases = readdirSync(fixtures, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);

  it.each(cases)('%s', (name) => {
    const state = JSON.parse(readFileSync(path.join(fixtures, name, `${name}.tfstate.json`), 'utf8')) as { values: { root_module: StateModule } };
    const problems: string[] = [];
    let checked = 0;
    for (const resource of resources(state.values.root_module)) {
      if (!resource.type.startsWith('coder_')) continue;
      const definitions = resource.mode === 'managed' ? provider.resources : provider.dataSources;
      const definition = definitions?.[resource.type];
      if (!definition) {
        problems.push(`${resource.address}: no such ${resource.mode === 'managed' ? 'resource' : 'data source'}`);
        continue;
      }
      const schema = definition.schema as ResourceSchema;
      // Terraform records data sources with schema version 0 whatever the provider says.
      if (resource.mode === 'managed' && (schema.version ?? 0) !== resource.schema_version) {
        problems.push(`${resource.address}: schema version ${schema.version ?? 0}, fixture ${resource.schema_version}`);
      }
      problems.push(...compare(schema, resource.values, resource.type));
      for (const key of Object.keys(schema.attributes)) {
        if (!(key in resource.values) && !isLegacy(schema, key)) problems.push(`${resource.address}.${key}: not in the fixture`);
      }
      checked++;
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });
});

/** Attributes Warren adds beyond provider 2.x (deprecated 0.x arguments) or that newer providers add. */
function isLegacy(schema: BlockSchema, key: string): boolean {
  return schema.attributes[key]?.options.deprecated === true;
}
