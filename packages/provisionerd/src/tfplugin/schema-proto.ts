// Turns DSL schemas into tfplugin6 `Schema` messages.
import { typeToJsonBytes } from './cty/types.js';
import { Schema_NestedBlock_NestingMode as NestingMode, StringKind, type Schema, type Schema_Block } from './proto/tfplugin6.js';
import type { BlockSchema, Nesting, ResourceSchema } from './schema.js';

const nestingModes: Record<Nesting, NestingMode> = {
  single: NestingMode.SINGLE,
  group: NestingMode.GROUP,
  list: NestingMode.LIST,
  set: NestingMode.SET,
  map: NestingMode.MAP,
};

export function toProtoSchema(schema: ResourceSchema): Schema {
  return { version: schema.version ?? 0, block: toProtoBlock(schema) };
}

function toProtoBlock(schema: BlockSchema): Schema_Block {
  return {
    attributes: Object.entries(schema.attributes).map(([name, { type, options }]) => {
      const defaulted = options.default !== undefined;
      return {
        name,
        type: typeToJsonBytes(type.cty),
        description: options.description ?? '',
        descriptionKind: StringKind.PLAIN,
        required: options.required ?? false,
        optional: (options.optional ?? false) || defaulted,
        computed: (options.computed ?? false) || defaulted,
        sensitive: options.sensitive ?? false,
        deprecated: options.deprecated ?? false,
      };
    }),
    blockTypes: Object.entries(schema.blocks ?? {}).map(([name, nested]) => ({
      typeName: name,
      block: toProtoBlock(nested.block),
      nesting: nestingModes[nested.nesting],
      minItems: nested.minItems ?? 0,
      maxItems: nested.maxItems ?? 0,
    })),
    description: schema.description ?? '',
    descriptionKind: StringKind.PLAIN,
    deprecated: schema.deprecated ?? false,
  };
}
