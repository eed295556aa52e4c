import type { handleUnaryCall, sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { decodeMsgpack, encodeMsgpack } from './cty/msgpack.js';
import { Unknown } from './cty/value.js';
import { attribute, block, providerKit, t } from './index.js';
import { blockType } from './schema.js';
import { createProviderService } from './provider-service.js';
import { Diagnostic_Severity, Schema_NestedBlock_NestingMode } from './proto/tfplugin6.js';
import { exampleProvider } from './testing/example-provider.js';

function invoke<Req, Res>(handler: handleUnaryCall<Req, Res>, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    const callback: sendUnaryData<Res> = (error, response) => (error ? reject(error) : resolve(response!));
    handler({ request } as ServerUnaryCall<Req, Res>, callback);
  });
}

const summaries = (response: { diagnostics?: { summary?: string; severity?: Diagnostic_Severity }[] }) =>
  (response.diagnostics ?? []).map(({ severity, summary }) => `${severity === Diagnostic_Severity.ERROR ? 'error' : 'warning'}: ${summary}`);

describe('the provider service', () => {
  const { implementation } = createProviderService(exampleProvider());

  it('describes schemas the way Terraform reads them', async () => {
    const { resourceSchemas } = await invoke(implementation.getProviderSchema, {});
    const thing = resourceSchemas!.example_thing!;
    expect(thing.version).toBe(1);
    const size = thing.block!.attributes!.find((item) => item.name === 'size')!;
    expect(Buffer.from(size.type!).toString()).toBe('"number"');
    expect(size).toMatchObject({ optional: true, computed: true, required: false });
    expect(thing.block!.blockTypes![0]).toMatchObject({ typeName: 'item', nesting: Schema_NestedBlock_NestingMode.LIST });
  });

  it('answers an unknown type with a diagnostic', async () => {
    const response = await invoke(implementation.validateResourceConfig, { typeName: 'example_nope', config: { msgpack: Buffer.from([0xc0]) } });
    expect(summaries(response)).toEqual(['error: Unsupported resource type']);
  });

  it('refuses legacy flatmap state', async () => {
    const response = await invoke(implementation.upgradeResourceState, { typeName: 'example_thing', version: 0, rawState: { flatmap: { id: 'x' } } });
    expect(summaries(response)).toEqual(['error: Unsupported state format']);
  });
});

describe('handler mistakes', () => {
  const kit = providerKit<{ ready: true }>();
  const schema = { attributes: { id: attribute(t.string, { computed: true }), name: attribute(t.string, { required: true }) } };
  const type = blockType(schema);
  const lazy = kit.resource({ schema, create: ({ provider }) => ({ id: provider.ready ? undefined : 'never' }) });
  const { implementation } = createProviderService(kit.provider({ configure: () => ({ ready: true }), resources: { lazy } }));
  const apply = () => invoke(implementation.applyResourceChange, {
    typeName: 'lazy',
    priorState: { msgpack: encodeMsgpack(type, null) },
    plannedState: { msgpack: encodeMsgpack(type, { id: Unknown.plain, name: 'n' }) },
    config: { msgpack: encodeMsgpack(type, { id: null, name: 'n' }) },
  });

  it('reports a provider used before ConfigureProvider', async () => {
    expect(summaries(await apply())).toEqual(['error: The provider is not configured']);
  });

  it('reports a create that leaves a computed value unknown, and keeps the prior (null) state', async () => {
    await invoke(implementation.configureProvider, { terraformVersion: '1.11.4', config: { msgpack: Buffer.from([0x80]) } });
    const response = await apply();
    expect(summaries(response)).toEqual(['error: create left a value unknown']);
    expect(decodeMsgpack(type, response.newState!.msgpack!)).toBeNull();
  });
});

describe('ImportResourceState', () => {
  const kit = providerKit<{ prefix: string }>();
  const schema = {
    attributes: { id: attribute(t.string, { optional: true, computed: true }), name: attribute(t.string, { optional: true }) },
    blocks: { tag: block.set({ attributes: { key: attribute(t.string, { required: true }) } }) },
  };
  const type = blockType(schema);
  const importable = kit.resource({ schema, create: () => ({ id: 'made' }), import: ({ id, provider }) => ({ id: `${provider.prefix}${id}` }) });
  const fixed = kit.resource({ schema, create: () => ({ id: 'made' }) });
  const { implementation } = createProviderService(kit.provider({ configure: () => ({ prefix: 'p-' }), resources: { importable, fixed } }));

  it('answers the handler state, other attributes null and blocks empty, for Terraform to read next', async () => {
    await invoke(implementation.configureProvider, { terraformVersion: '1.11.4', config: { msgpack: Buffer.from([0x80]) } });
    const response = await invoke(implementation.importResourceState, { typeName: 'importable', id: 'abc' });
    expect(summaries(response)).toEqual([]);
    expect(response.importedResources).toHaveLength(1);
    expect(response.importedResources![0]!.typeName).toBe('importable');
    expect(decodeMsgpack(type, response.importedResources![0]!.state!.msgpack!)).toEqual({ id: 'p-abc', name: null, tag: [] });
  });

  it('refuses a resource without an import handler with a diagnostic', async () => {
    const response = await invoke(implementation.importResourceState, { typeName: 'fixed', id: 'abc' });
    expect(summaries(response)).toEqual(['error: Import is not supported']);
    expect(response.importedResources).toEqual([]);
  });
});
