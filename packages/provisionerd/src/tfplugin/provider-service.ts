// The tfplugin6 Provider service for a ProviderDefinition: decodes each request by the schema,
// runs the generic plan and the definition's handlers, and encodes the answer. Handler failures
// become diagnostics; nothing a handler throws fails the RPC itself.
import type { handleUnaryCall } from '@grpc/grpc-js';
import { decodeJson, fromJson } from './cty/json.js';
import { decodeMsgpack, encodeMsgpack } from './cty/msgpack.js';
import type { CtyType } from './cty/types.js';
import { asObject, type CtyValue, findUnknown } from './cty/value.js';
import { type AttributePath, Diagnostics, ProviderError, toProtoPath } from './diagnostics.js';
import { planChange } from './plan.js';
import type { DataSourceDefinition, HandlerContext, JsonObject, ProviderDefinition, ResourceDefinition, ValidateContext } from './provider.js';
import type { DynamicValue, ProviderServer } from './proto/tfplugin6.js';
import { type BlockSchema, blockType } from './schema.js';
import { toProtoSchema } from './schema-proto.js';
import { validateAttributes } from './validation.js';

const capabilities = { planDestroy: true, getProviderSchemaOptional: true };

function decodeValue(type: CtyType, value: DynamicValue | undefined): CtyValue {
  if (value?.msgpack?.length) return decodeMsgpack(type, value.msgpack);
  if (value?.json?.length) return decodeJson(type, value.json);
  return null;
}

const encodeValue = (type: CtyType, value: CtyValue): DynamicValue => ({ msgpack: encodeMsgpack(type, value) });

/** Runs `body` with a fresh Diagnostics; a throw is recorded and yields `fallback`. */
async function guarded<T>(body: (diagnostics: Diagnostics) => Promise<T>, fallback: T) {
  const diagnostics = new Diagnostics();
  try {
    return { result: await body(diagnostics), diagnostics: diagnostics.toProto() };
  } catch (error) {
    diagnostics.fail(error);
    return { result: fallback, diagnostics: diagnostics.toProto() };
  }
}

function unary<Req, Res>(handler: (request: Req) => Promise<Res>): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    handler(call.request).then((response) => callback(null, response), (error: Error) => callback(error));
  };
}

function lookup<D>(kind: string, definitions: Readonly<Record<string, D>> | undefined, name: string | undefined): D {
  const definition = definitions && name && Object.hasOwn(definitions, name) ? definitions[name] : undefined;
  if (!definition) throw new ProviderError(`Unsupported ${kind} type`, { detail: `This provider has no ${kind} "${name}".` });
  return definition;
}

function withComputed(base: CtyValue, computed: object | void): CtyValue {
  const entries = Object.entries(computed ?? {}).filter(([, value]) => value !== undefined);
  return { ...asObject(base), ...Object.fromEntries(entries) } as CtyValue;
}

/** A block's value with every attribute null and every nested block empty. */
function nullObject(schema: BlockSchema): CtyValue {
  const object: Record<string, CtyValue> = {};
  for (const name of Object.keys(schema.attributes)) object[name] = null;
  for (const [name, nested] of Object.entries(schema.blocks ?? {})) {
    object[name] = nested.nesting === 'list' || nested.nesting === 'set' ? [] : nested.nesting === 'map' ? {} : null;
  }
  return object;
}

function assertKnown(value: CtyValue, what: string): void {
  const path = findUnknown(value);
  if (path) throw new ProviderError(`${what} left a value unknown`, { detail: `"${path.join('.')}" must be known after ${what}.` });
}

export interface ProviderService {
  implementation: ProviderServer;
  /** Aborts the handlers in flight, as StopProvider does. */
  stop(): void;
}

// `any`: the service sees every resource and data source through its own schema at run time.
type AnyResource = ResourceDefinition<any, unknown>;
type AnyDataSource = DataSourceDefinition<any, unknown>;
type Validatable = { schema: BlockSchema; validate?(ctx: ValidateContext<any>): unknown };

export function createProviderService<P>(definition: ProviderDefinition<BlockSchema, P>): ProviderService {
  const providerSchema = definition.schema ?? { attributes: {} };
  const resources = (definition.resources ?? {}) as Readonly<Record<string, AnyResource>>;
  const dataSources = (definition.dataSources ?? {}) as Readonly<Record<string, AnyDataSource>>;
  let configured: { data: P } | undefined;
  let stopping = new AbortController();
  const stop = () => {
    stopping.abort();
    stopping = new AbortController();
  };

  const context = (diagnostics: Diagnostics): HandlerContext<unknown> => ({
    get provider() {
      if (!configured) throw new ProviderError('The provider is not configured', { detail: 'Terraform did not call ConfigureProvider.' });
      return configured.data;
    },
    diagnostics,
    signal: stopping.signal,
  });

  const validate = async (find: () => Validatable, config: DynamicValue | undefined) =>
    (await guarded(async (diagnostics) => {
      const target = find();
      const value = decodeValue(blockType(target.schema), config);
      validateAttributes(target.schema, value, diagnostics);
      await target.validate?.({ config: value as never, diagnostics });
    }, undefined)).diagnostics;

  const implementation: ProviderServer = {
    getMetadata: unary(async () => ({
      serverCapabilities: capabilities,
      resources: Object.keys(resources).map((typeName) => ({ typeName })),
      dataSources: Object.keys(dataSources).map((typeName) => ({ typeName })),
    })),

    getProviderSchema: unary(async () => ({
      provider: toProtoSchema(providerSchema),
      resourceSchemas: Object.fromEntries(Object.entries(resources).map(([name, resource]) => [name, toProtoSchema(resource.schema)])),
      dataSourceSchemas: Object.fromEntries(Object.entries(dataSources).map(([name, source]) => [name, toProtoSchema(source.schema)])),
      serverCapabilities: capabilities,
    })),

    validateProviderConfig: unary(async ({ config }) => ({
      diagnostics: await validate(() => ({ schema: providerSchema, validate: (ctx) => definition.validate?.(ctx) }), config),
    })),

    validateResourceConfig: unary(async ({ typeName, config }) => ({
      diagnostics: await validate(() => lookup('resource', resources, typeName), config),
    })),

    validateDataResourceConfig: unary(async ({ typeName, config }) => ({
      diagnostics: await validate(() => lookup('data source', dataSources, typeName), config),
    })),

    configureProvider: unary(async ({ config, terraformVersion }) => {
      const { diagnostics } = await guarded(async (diagnostics) => {
        const value = decodeValue(blockType(providerSchema), config) as never;
        const data = definition.configure ? await definition.configure({ config: value, terraformVersion: terraformVersion ?? '', diagnostics }) : undefined;
        configured = { data: data as P };
      }, undefined);
      return { diagnostics };
    }),

    upgradeResourceState: unary(async ({ typeName, version, rawState }) => {
      const { result, diagnostics } = await guarded(async () => {
        const resource = lookup('resource', resources, typeName);
        const current = resource.schema.version ?? 0;
        if (!rawState?.json?.length) throw new ProviderError('Unsupported state format', { detail: 'Only JSON state can be upgraded.' });
        if ((version ?? 0) > current) {
          throw new ProviderError('State is newer than the provider', { detail: `State version ${version}, schema version ${current}.` });
        }
        let state = JSON.parse(Buffer.from(rawState.json).toString('utf8')) as JsonObject;
        for (let from = version ?? 0; from < current; from++) state = resource.upgrade?.[from]?.(state) ?? state;
        const type = blockType(resource.schema);
        return encodeValue(type, fromJson(type, state));
      }, undefined);
      return { upgradedState: result, diagnostics };
    }),

    readResource: unary(async ({ typeName, currentState, private: privateData }) => {
      const { result, diagnostics } = await guarded(async (diagnostics) => {
        const resource = lookup('resource', resources, typeName);
        const type = blockType(resource.schema);
        const state = decodeValue(type, currentState);
        if (state === null || !resource.read) return currentState;
        return encodeValue(type, await resource.read({ ...context(diagnostics), state: state as never }) as CtyValue);
      }, currentState);
      return { newState: result, diagnostics, private: privateData };
    }),

    planResourceChange: unary(async (request) => {
      const requiresReplace: AttributePath[] = [];
      const { result, diagnostics } = await guarded(async (diagnostics) => {
        const resource = lookup('resource', resources, request.typeName);
        const type = blockType(resource.schema);
        const prior = decodeValue(type, request.priorState);
        const config = decodeValue(type, request.config);
        const change = planChange(resource.schema, prior, decodeValue(type, request.proposedNewState), config);
        requiresReplace.push(...change.requiresReplace);
        let planned = change.planned;
        if (planned !== null && resource.plan) {
          const adjusted = await resource.plan({
            ...context(diagnostics), prior: prior as never, config: config as never, planned: planned as never,
            requireReplace: (path) => requiresReplace.push(path),
          });
          if (adjusted !== undefined) planned = adjusted as CtyValue;
        }
        return encodeValue(type, planned);
      }, undefined);
      return { plannedState: result, requiresReplace: requiresReplace.map(toProtoPath), plannedPrivate: request.priorPrivate, diagnostics };
    }),

    applyResourceChange: unary(async (request) => {
      const { result, diagnostics } = await guarded(async (diagnostics) => {
        const resource = lookup('resource', resources, request.typeName);
        const type = blockType(resource.schema);
        const prior = decodeValue(type, request.priorState);
        const planned = decodeValue(type, request.plannedState);
        const config = decodeValue(type, request.config) as never;
        const ctx = context(diagnostics);
        if (planned === null) {
          if (prior !== null) await resource.delete?.({ ...ctx, prior: prior as never });
          return encodeValue(type, null);
        }
        const computed = prior === null
          ? await resource.create({ ...ctx, config, planned: planned as never })
          : await resource.update?.({ ...ctx, prior: prior as never, config, planned: planned as never });
        const state = withComputed(planned, computed);
        assertKnown(state, prior === null ? 'create' : 'update');
        return encodeValue(type, state);
      }, request.priorState);
      return { newState: result, private: request.plannedPrivate, diagnostics };
    }),

    importResourceState: unary(async ({ typeName, id }) => {
      const { result, diagnostics } = await guarded(async (diagnostics) => {
        const resource = lookup('resource', resources, typeName);
        if (!resource.import) {
          throw new ProviderError('Import is not supported', { detail: `Resources of type "${typeName}" cannot be imported.` });
        }
        const type = blockType(resource.schema);
        const state = await resource.import({ ...context(diagnostics), id: id ?? '' });
        return [{ typeName, state: encodeValue(type, withComputed(nullObject(resource.schema), state)) }];
      }, []);
      return { importedResources: result, diagnostics };
    }),

    readDataSource: unary(async ({ typeName, config }) => {
      const { result, diagnostics } = await guarded(async (diagnostics) => {
        const source = lookup('data source', dataSources, typeName);
        const type = blockType(source.schema);
        const configValue = decodeValue(type, config);
        const state = withComputed(configValue, await source.read({ ...context(diagnostics), config: configValue as never }));
        assertKnown(state, 'read');
        return encodeValue(type, state);
      }, undefined);
      return { state: result, diagnostics };
    }),

    stopProvider: unary(async () => {
      stop();
      return {};
    }),
  };

  return { implementation, stop };
}
