// Declaring a provider: its configuration schema, resources and data sources, each a schema plus
// typed handlers. `P` is what `configure` returns and every handler receives as `ctx.provider`.
//
//   const kit = providerKit<{ url: string }>();
//   const thing = kit.resource({ schema, create: ({ config }) => ({ id: randomUUID() }) });
//   export const example = kit.provider({
//     schema: { attributes: { url: attribute(t.string, { optional: true }) } },
//     configure: ({ config }) => ({ url: config.url ?? 'https://example.com' }),
//     resources: { example_thing: thing },
//   });
import type { AttributePath, Diagnostics } from './diagnostics.js';
import type { BlockSchema, ConfigOf, ResourceSchema, ValueOf, WithUnknowns } from './schema.js';

type Awaitable<T> = T | Promise<T>;

export interface HandlerContext<P> {
  /** The value `configure` returned for this Terraform run. */
  readonly provider: P;
  readonly diagnostics: Diagnostics;
  /** Aborted when Terraform asks the provider to stop (^C). */
  readonly signal: AbortSignal;
}

export interface ValidateContext<S extends BlockSchema> {
  readonly config: WithUnknowns<ConfigOf<S>>;
  readonly diagnostics: Diagnostics;
}

export type JsonObject = Record<string, unknown>;

export interface ResourceDefinition<S extends ResourceSchema = ResourceSchema, P = unknown> {
  readonly schema: S;
  /** Checks beyond each attribute's own `validate`; values may be unknown. */
  validate?(ctx: ValidateContext<S>): Awaitable<void>;
  /**
   * Adjusts the generic plan (see plan.ts), for example to mark a computed value unknown because
   * it will change. Returns the new planned value, or nothing to keep it.
   */
  plan?(ctx: HandlerContext<P> & {
    readonly prior: ValueOf<S> | null;
    readonly config: WithUnknowns<ConfigOf<S>>;
    readonly planned: WithUnknowns<ValueOf<S>>;
    requireReplace(path: AttributePath): void;
  }): Awaitable<WithUnknowns<ValueOf<S>> | void>;
  /** Creates the object; returns the values of attributes still unknown in `planned`. */
  create(ctx: HandlerContext<P> & { readonly config: ConfigOf<S>; readonly planned: WithUnknowns<ValueOf<S>> }): Awaitable<Partial<ValueOf<S>> | void>;
  /** Refreshes the state; null means the object is gone. Without it the state is kept as it is. */
  read?(ctx: HandlerContext<P> & { readonly state: ValueOf<S> }): Awaitable<ValueOf<S> | null>;
  /** Updates in place; without it the planned state is applied as it is. */
  update?(ctx: HandlerContext<P> & {
    readonly prior: ValueOf<S>;
    readonly config: ConfigOf<S>;
    readonly planned: WithUnknowns<ValueOf<S>>;
  }): Awaitable<Partial<ValueOf<S>> | void>;
  delete?(ctx: HandlerContext<P> & { readonly prior: ValueOf<S> }): Awaitable<void>;
  /**
   * `terraform import`: the state for an object's import ID (attributes left out are null);
   * Terraform then calls `read` on it. Without it the resource type cannot be imported.
   */
  import?(ctx: HandlerContext<P> & { readonly id: string }): Awaitable<Partial<ValueOf<S>>>;
  /**
   * State upgraders keyed by the schema version they upgrade from, working on the stored JSON.
   * A missing version passes through unchanged; attributes are then matched to the current schema.
   */
  readonly upgrade?: Readonly<Record<number, (state: JsonObject) => JsonObject>>;
}

export interface DataSourceDefinition<S extends BlockSchema = BlockSchema, P = unknown> {
  readonly schema: S;
  validate?(ctx: ValidateContext<S>): Awaitable<void>;
  /** Returns the computed attributes; they are merged over the configuration. */
  read(ctx: HandlerContext<P> & { readonly config: ConfigOf<S> }): Awaitable<Partial<ValueOf<S>>>;
}

export interface ProviderDefinition<S extends BlockSchema = BlockSchema, P = unknown> {
  readonly schema?: S;
  validate?(ctx: ValidateContext<S>): Awaitable<void>;
  configure?(ctx: { readonly config: ConfigOf<S>; readonly terraformVersion: string; readonly diagnostics: Diagnostics }): Awaitable<P>;
  // `any`: each entry has its own schema.
  readonly resources?: Readonly<Record<string, ResourceDefinition<any, P>>>;
  readonly dataSources?: Readonly<Record<string, DataSourceDefinition<any, P>>>;
}

/** Typed constructors sharing one provider-data type; each returns its argument. */
export function providerKit<P = undefined>() {
  return {
    resource: <S extends ResourceSchema>(definition: ResourceDefinition<S, P>) => definition,
    dataSource: <S extends BlockSchema>(definition: DataSourceDefinition<S, P>) => definition,
    provider: <S extends BlockSchema>(definition: ProviderDefinition<S, P>) => definition,
  };
}
