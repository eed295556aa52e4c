import { describe, expect, expectTypeOf, it } from 'vitest';
import { attribute, block, type ConfigOf, t, type ValueOf } from './schema.js';

const schema = {
  attributes: {
    id: attribute(t.string, { computed: true }),
    os: attribute(t.string, { required: true }),
    timeout: attribute(t.number, { optional: true, default: 120 }),
    env: attribute(t.map(t.string), { optional: true }),
  },
  blocks: {
    metadata: block.list({ attributes: { key: attribute(t.string, { required: true }) } }),
    display: block.single({ attributes: { vscode: attribute(t.bool, { optional: true }) } }),
  },
};

describe('the schema DSL', () => {
  it('derives TypeScript types for state and configuration', () => {
    expectTypeOf<ValueOf<typeof schema>>().toEqualTypeOf<{
      id: string | null;
      os: string;
      timeout: number;
      env: Record<string, string> | null;
      metadata: { key: string }[];
      display: { vscode: boolean | null } | null;
    }>();
    expectTypeOf<ConfigOf<typeof schema>['timeout']>().toEqualTypeOf<number | null>();
  });

  it('rejects an attribute with no mode', () => {
    expect(() => attribute(t.string, {})).toThrow('must be required, optional or computed');
  });
});
