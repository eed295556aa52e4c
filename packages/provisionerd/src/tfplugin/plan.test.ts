import { describe, expect, it } from 'vitest';
import { Unknown } from './cty/value.js';
import { planChange } from './plan.js';
import { attribute, block, type BlockSchema, t } from './schema.js';

const schema = {
  attributes: {
    id: attribute(t.string, { computed: true }),
    name: attribute(t.string, { required: true, forceNew: true }),
    label: attribute(t.string, { optional: true }),
    size: attribute(t.number, { optional: true, default: 1 }),
  },
  blocks: {
    item: block.list({
      attributes: { key: attribute(t.string, { required: true, forceNew: true }), is_null: attribute(t.bool, { computed: true }) },
    }),
    option: block.set({ attributes: { key: attribute(t.string, { required: true }), id: attribute(t.string, { computed: true }) } }),
  },
} satisfies BlockSchema;

const config = { id: null, name: 'a', label: null, size: null, item: [{ key: 'k', is_null: null }], option: [{ key: 'o', id: null }] };

describe('planChange', () => {
  it('plans unknown computed values and defaults on create', () => {
    const { planned, requiresReplace } = planChange(schema, null, config, config);
    expect(planned).toEqual({
      ...config,
      id: Unknown.plain,
      size: 1,
      item: [{ key: 'k', is_null: Unknown.plain }],
      option: [{ key: 'o', id: Unknown.plain }],
    });
    expect(requiresReplace).toEqual([]);
  });

  it('keeps prior computed values on update and marks new nested elements unknown', () => {
    const prior = { ...config, id: 'x', size: 1, item: [{ key: 'k', is_null: true }], option: [{ key: 'o', id: 'o1' }] };
    const proposed = {
      ...prior,
      label: 'new',
      item: [{ key: 'k', is_null: true }, { key: 'k2', is_null: null }],
      option: [{ key: 'o', id: 'o1' }, { key: 'p', id: null }],
    };
    const { planned, requiresReplace } = planChange(schema, prior, proposed, { ...config, label: 'new' });
    expect(planned).toEqual({
      ...proposed,
      item: [{ key: 'k', is_null: true }, { key: 'k2', is_null: Unknown.plain }],
      option: [{ key: 'o', id: 'o1' }, { key: 'p', id: Unknown.plain }],
    });
    expect(requiresReplace).toEqual([['item', 1]]);
  });

  it('asks for replacement when a force-new attribute changes', () => {
    const prior = { ...config, id: 'x', size: 1, item: [{ key: 'k', is_null: true }], option: [] };
    const proposed = { ...prior, name: 'b', item: [{ key: 'changed', is_null: true }] };
    expect(planChange(schema, prior, proposed, { ...config, name: 'b' }).requiresReplace).toEqual([['name'], ['item', 0, 'key']]);
  });

  it('treats an unknown force-new value as a change', () => {
    const prior = { ...config, id: 'x', size: 1, item: [], option: [] };
    const proposed = { ...prior, name: Unknown.plain };
    expect(planChange(schema, prior, proposed, { ...config, name: Unknown.plain }).requiresReplace).toEqual([['name']]);
  });

  it('plans null for a destroy', () => {
    expect(planChange(schema, config, null, null)).toEqual({ planned: null, requiresReplace: [] });
  });
});
