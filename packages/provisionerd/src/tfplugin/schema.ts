// The schema DSL: declare a block once and get its Terraform schema, its cty type and the
// TypeScript type of its values.
//
//   const schema = {
//     version: 1,
//     attributes: {
//       id: attribute(t.string, { computed: true }),
//       os: attribute(t.string, { required: true, forceNew: true }),
//       timeout: attribute(t.number, { optional: true, default: 120 }),
//     },
//     blocks: { metadata: block.list({ attributes: { key: attribute(t.string, { required: true }) } }) },
//   } satisfies ResourceSchema;
//   type Agent = ValueOf<typeof schema>; // { id: string | null; os: string; timeout: number; metadata: {...}[] }
//   type AgentConfig = ConfigOf<typeof schema>; // the same, but timeout: number | null
import type { CtyType } from './cty/types.js';
import type { CtyDynamic, Unknown } from './cty/value.js';

/** A cty type together with the TypeScript type of its known values. */
export interface TypeOf<T> {
  readonly cty: CtyType;
  readonly __value?: T;
}

type Value<X> = X extends TypeOf<infer T> ? T : never;

export const t = {
  string: { cty: 'string' } as TypeOf<string>,
  number: { cty: 'number' } as TypeOf<number>,
  bool: { cty: 'bool' } as TypeOf<boolean>,
  dynamic: { cty: 'dynamic' } as TypeOf<CtyDynamic>,
  list: <E>(element: TypeOf<E>): TypeOf<E[]> => ({ cty: { list: element.cty } }),
  set: <E>(element: TypeOf<E>): TypeOf<E[]> => ({ cty: { set: element.cty } }),
  map: <E>(element: TypeOf<E>): TypeOf<Record<string, E>> => ({ cty: { map: element.cty } }),
  object: <F extends Record<string, TypeOf<unknown>>>(fields: F): TypeOf<{ [K in keyof F]: Value<F[K]> | null }> => ({
    cty: { object: Object.fromEntries(Object.entries(fields).map(([name, type]) => [name, type.cty])) },
  }),
};

export interface AttributeOptions<T> {
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  /** A change to this attribute replaces the resource. */
  forceNew?: boolean;
  /** Planned when the configuration leaves the attribute null; makes it optional and computed. */
  default?: T;
  /** Returns an error message for a known, non-null configured value. */
  validate?: (value: T) => string | undefined;
  description?: string;
  deprecated?: boolean;
}

export interface Attribute<T = unknown, O extends AttributeOptions<T> = AttributeOptions<T>> {
  readonly kind: 'attribute';
  readonly type: TypeOf<T>;
  readonly options: O;
}

export function attribute<T, const O extends AttributeOptions<T>>(type: TypeOf<T>, options: O): Attribute<T, O> {
  const modes = [options.required, options.optional, options.computed].filter(Boolean).length;
  if (modes === 0 && options.default === undefined) throw new Error('An attribute must be required, optional or computed.');
  if (options.required && modes > 1) throw new Error('A required attribute cannot also be optional or computed.');
  return { kind: 'attribute', type, options };
}

export type Nesting = 'single' | 'group' | 'list' | 'set' | 'map';

export interface BlockSchema {
  readonly attributes: Readonly<Record<string, Attribute<any, any>>>;
  readonly blocks?: Readonly<Record<string, NestedBlock>>;
  readonly description?: string;
  readonly deprecated?: boolean;
}

export interface ResourceSchema extends BlockSchema {
  /** The schema version recorded in state; raise it with an upgrader for each older version. */
  readonly version?: number;
}

export interface NestedBlockOptions {
  minItems?: number;
  maxItems?: number;
  /** A change inside this block replaces the resource. */
  forceNew?: boolean;
}

export interface NestedBlock<B extends BlockSchema = BlockSchema, N extends Nesting = Nesting> extends NestedBlockOptions {
  readonly kind: 'block';
  readonly nesting: N;
  readonly block: B;
}

const nested = <N extends Nesting>(nesting: N) =>
  <B extends BlockSchema>(schema: B, options: NestedBlockOptions = {}): NestedBlock<B, N> =>
    ({ kind: 'block', nesting, block: schema, ...options });

export const block = {
  single: nested('single'),
  group: nested('group'),
  list: nested('list'),
  set: nested('set'),
  map: nested('map'),
};

/** Which value of a block: the state (defaults applied) or the configuration as written. */
export type ValueKind = 'state' | 'config';

/** An attribute's value: null unless required, or (in state) defaulted. */
export type AttributeValue<A, K extends ValueKind = 'state'> = A extends Attribute<infer T, infer O>
  ? O extends { required: true } ? T : K extends 'state' ? (O extends { default: unknown } ? T : T | null) : T | null
  : never;

type NestedValue<N, K extends ValueKind> = N extends NestedBlock<infer B, infer M>
  ? M extends 'list' | 'set' ? ValueOf<B, K>[]
    : M extends 'map' ? Record<string, ValueOf<B, K>>
    : M extends 'group' ? ValueOf<B, K>
    : ValueOf<B, K> | null
  : never;

type Flatten<T> = { [N in keyof T]: T[N] };

/** The TypeScript type of a wholly known value of a block. */
export type ValueOf<B extends BlockSchema, K extends ValueKind = 'state'> = Flatten<{
  -readonly [N in keyof B['attributes']]: AttributeValue<B['attributes'][N], K>;
} & {
  -readonly [N in keyof NonNullable<B['blocks']>]: NestedValue<NonNullable<B['blocks']>[N], K>;
}>;

/** The configuration of a block as written, before defaults. */
export type ConfigOf<B extends BlockSchema> = ValueOf<B, 'config'>;

/** A value any part of which may still be unknown. */
export type MaybeUnknown<T> =
  | Unknown
  | (T extends readonly (infer E)[] ? MaybeUnknown<E>[] : T extends CtyDynamic ? T : T extends object ? WithUnknowns<T> : T);

/** An object whose attributes may be unknown (configuration during plan, planned state). */
export type WithUnknowns<T> = { [N in keyof T]: MaybeUnknown<T[N]> };

const blockTypes = new WeakMap<BlockSchema, CtyType>();

/** The cty object type of a block's values. */
export function blockType(schema: BlockSchema): CtyType {
  const cached = blockTypes.get(schema);
  if (cached) return cached;
  const object: Record<string, CtyType> = {};
  for (const [name, { type }] of Object.entries(schema.attributes)) object[name] = type.cty;
  for (const [name, nestedBlock] of Object.entries(schema.blocks ?? {})) {
    const element = blockType(nestedBlock.block);
    const { nesting } = nestedBlock;
    object[name] = nesting === 'list' ? { list: element } : nesting === 'set' ? { set: element } : nesting === 'map' ? { map: element } : element;
  }
  const type: CtyType = { object };
  blockTypes.set(schema, type);
  return type;
}

