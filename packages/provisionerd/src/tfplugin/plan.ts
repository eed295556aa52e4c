// The generic PlanResourceChange: Terraform's proposed state, adjusted by the schema.
// - A computed attribute the configuration leaves null becomes its default, else stays unknown
//   on create and keeps its prior value on update.
// - A changed force-new attribute (or force-new nested block) is reported in `requiresReplace`;
//   Terraform then plans the create again with a null prior state.
// - A null proposed state (destroy) plans null.
import { asList, asObject, type CtyValue, Unknown, valuesEqual } from './cty/value.js';
import type { AttributePath } from './diagnostics.js';
import { type BlockSchema, blockType, type NestedBlock } from './schema.js';

export interface PlannedChange {
  planned: CtyValue;
  requiresReplace: AttributePath[];
}

export function planChange(schema: BlockSchema, prior: CtyValue, proposed: CtyValue, config: CtyValue): PlannedChange {
  if (proposed === null) return { planned: null, requiresReplace: [] };
  const planned = planBlock(schema, proposed, config, prior);
  return { planned, requiresReplace: prior === null ? [] : replacedPaths(schema, prior, planned, []) };
}

function planBlock(schema: BlockSchema, proposed: CtyValue, config: CtyValue, prior: CtyValue): CtyValue {
  const proposedObject = asObject(proposed);
  if (!proposedObject) return proposed;
  const configObject = asObject(config);
  const priorObject = asObject(prior);
  const planned: Record<string, CtyValue> = { ...proposedObject };
  for (const [name, { options }] of Object.entries(schema.attributes)) {
    const configured = configObject?.[name] ?? null;
    if (configured !== null || !(options.computed || options.default !== undefined)) continue;
    if (options.default !== undefined) planned[name] = options.default as CtyValue;
    else if (!priorObject) planned[name] = Unknown.plain;
  }
  for (const [name, nested] of Object.entries(schema.blocks ?? {})) {
    planned[name] = planNested(nested, proposedObject[name] ?? null, configObject?.[name] ?? null, priorObject?.[name] ?? null);
  }
  return planned;
}

function planNested(nested: NestedBlock, proposed: CtyValue, config: CtyValue, prior: CtyValue): CtyValue {
  const { block: schema, nesting } = nested;
  if (nesting === 'single' || nesting === 'group') return planBlock(schema, proposed, config, prior);
  if (nesting === 'map') {
    const proposedMap = asObject(proposed);
    if (!proposedMap) return proposed;
    return Object.fromEntries(Object.entries(proposedMap).map(([key, element]) =>
      [key, planBlock(schema, element, asObject(config)?.[key] ?? null, asObject(prior)?.[key] ?? null)]));
  }
  const proposedList = asList(proposed);
  if (!proposedList) return proposed;
  const configList = asList(config) ?? [];
  const priorList = asList(prior) ?? [];
  if (nesting === 'list') {
    return proposedList.map((element, index) => planBlock(schema, element, configList[index] ?? null, priorList[index] ?? null));
  }
  return proposedList.map((element) => {
    const configured = configList.find((candidate) => sameConfiguration(schema, candidate, element)) ?? element;
    return planBlock(schema, element, configured, priorList.find((candidate) => sameConfiguration(schema, candidate, element)) ?? null);
  });
}

/** Whether two set elements agree on everything the configuration sets. */
function sameConfiguration(schema: BlockSchema, a: CtyValue, b: CtyValue): boolean {
  const left = asObject(a);
  const right = asObject(b);
  if (!left || !right) return false;
  const configuredAttributes = Object.entries(schema.attributes).filter(([, { options }]) => !options.computed && options.default === undefined);
  return configuredAttributes.every(([name, { type }]) => valuesEqual(type.cty, left[name] ?? null, right[name] ?? null))
    && Object.entries(schema.blocks ?? {}).every(([name, nested]) =>
      valuesEqual(blockType({ attributes: {}, blocks: { [name]: nested } }), { [name]: left[name] ?? null }, { [name]: right[name] ?? null }));
}

function replacedPaths(schema: BlockSchema, prior: CtyValue, planned: CtyValue, path: AttributePath): AttributePath[] {
  const priorObject = asObject(prior);
  const plannedObject = asObject(planned);
  if (!priorObject || !plannedObject) {
    return hasForceNew(schema) && !valuesEqual(blockType(schema), prior, planned) ? [path] : [];
  }
  const paths: AttributePath[] = [];
  for (const [name, { type, options }] of Object.entries(schema.attributes)) {
    if (options.forceNew && !valuesEqual(type.cty, priorObject[name] ?? null, plannedObject[name] ?? null)) paths.push([...path, name]);
  }
  for (const [name, nested] of Object.entries(schema.blocks ?? {})) {
    const before = priorObject[name] ?? null;
    const after = plannedObject[name] ?? null;
    const nestedPath = [...path, name];
    const nestedType = blockType({ attributes: {}, blocks: { [name]: nested } });
    if (nested.forceNew) {
      if (!valuesEqual(nestedType, { [name]: before }, { [name]: after })) paths.push(nestedPath);
    } else if (nested.nesting === 'single' || nested.nesting === 'group') {
      paths.push(...replacedPaths(nested.block, before, after, nestedPath));
    } else if (nested.nesting === 'list') {
      const beforeList = asList(before) ?? [];
      const afterList = asList(after) ?? [];
      for (let index = 0; index < Math.max(beforeList.length, afterList.length); index++) {
        paths.push(...replacedPaths(nested.block, beforeList[index] ?? null, afterList[index] ?? null, [...nestedPath, index]));
      }
    } else if (nested.nesting === 'map') {
      const keys = new Set([...Object.keys(asObject(before) ?? {}), ...Object.keys(asObject(after) ?? {})]);
      for (const key of keys) {
        paths.push(...replacedPaths(nested.block, asObject(before)?.[key] ?? null, asObject(after)?.[key] ?? null, [...nestedPath, { key }]));
      }
    } else if (hasForceNew(nested.block) && !valuesEqual(nestedType, { [name]: before }, { [name]: after })) {
      paths.push(nestedPath);
    }
  }
  return paths;
}

function hasForceNew(schema: BlockSchema): boolean {
  return Object.values(schema.attributes).some(({ options }) => options.forceNew)
    || Object.values(schema.blocks ?? {}).some((nested) => nested.forceNew || hasForceNew(nested.block));
}
