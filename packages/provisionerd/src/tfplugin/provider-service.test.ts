import type { handleUnaryCall, sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { decodeMsgpack, encodeMsgpack } from './cty/msgpack.js';
import { Unknown } from './cty/value.js';
import { attribute, providerKit, t } from './index.js';
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
