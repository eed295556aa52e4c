/** The placement, attachment and error rules of ConvertState, on small hand-made templates. */
import { describe, expect, it } from 'vitest';
import { addressToLabel, addressToModulePath } from './addresses.js';
import { convertState } from './convert-state.js';
import { ConvertStateError } from './errors.js';
import type { TfStateResource } from './terraform-json.js';

/** A managed (or `data.`-prefixed data) resource at `address` with attribute `values`. */
function res(address: string, values: Record<string, unknown> = {}): TfStateResource {
  const data = /(^|\.)data\./.test(address);
  const parts = addressToLabel(address).split('.');
  return {
    address,
    mode: data ? 'data' : 'managed',
    type: parts[parts.length - 2] ?? '',
    name: parts[parts.length - 1] ?? '',
    values,
  };
}

/** A terraform graph with one labelled node per label and `from -> to` edges between labels. */
function dot(labels: string[], edges: [string, string][]): string {
  const node = (label: string): string => `"[root] ${label} (expand)"`;
  return [
    'digraph {',
    ...labels.map((label) => `${node(label)} [label = "${label}"]`),
    ...edges.map(([from, to]) => `${node(from)} -> ${node(to)}`),
    '}',
  ].join('\n');
}

const agent = (name: string, values: Record<string, unknown> = {}): TfStateResource =>
  res(`coder_agent.${name}`, { os: 'linux', arch: 'amd64', auth: 'token', ...values });

function convert(resources: TfStateResource[], graph: string) {
  return convertState([{ resources }], graph, { newId: () => 'new-id' });
}

function agentHosts(resources: TfStateResource[], graph: string): Record<string, string[]> {
  const hosts: Record<string, string[]> = {};
  for (const resource of convert(resources, graph).resources) {
    hosts[`${resource.type}.${resource.name}`] = resource.agents.map((a) => a.name);
  }
  return hosts;
}

describe('agent placement', () => {
  it('puts the agent on the closest dependent resource', () => {
    const graph = dot(['coder_agent.main', 'null_resource.a', 'null_resource.b'], [
      ['null_resource.a', 'null_resource.b'],
      ['null_resource.b', 'coder_agent.main'],
    ]);
    expect(agentHosts([agent('main'), res('null_resource.a'), res('null_resource.b')], graph)).toEqual({
      'null_resource.a': [],
      'null_resource.b': ['main'],
    });
  });

  it('breaks ties by the smallest label', () => {
    const graph = dot(['coder_agent.main', 'null_resource.zeta', 'null_resource.alpha'], [
      ['null_resource.zeta', 'coder_agent.main'],
      ['null_resource.alpha', 'coder_agent.main'],
    ]);
    expect(agentHosts([agent('main'), res('null_resource.zeta'), res('null_resource.alpha')], graph)).toEqual({
      'null_resource.alpha': ['main'],
      'null_resource.zeta': [],
    });
  });

  it('walks through unlabelled nodes and skips data sources and coder_ resources', () => {
    const graph = [
      'digraph {',
      '"[root] coder_agent.main (expand)" [label = "coder_agent.main"]',
      '"[root] coder_app.web (expand)" [label = "coder_app.web"]',
      '"[root] data.null_data_source.d (expand)" [label = "data.null_data_source.d"]',
      '"[root] module.m.null_resource.x (expand)" [label = "module.m.null_resource.x"]',
      '"[root] coder_app.web (expand)" -> "[root] coder_agent.main (expand)"',
      '"[root] data.null_data_source.d (expand)" -> "[root] coder_agent.main (expand)"',
      '"[root] module.m.var.v (expand)" -> "[root] data.null_data_source.d (expand)"',
      '"[root] module.m.null_resource.x (expand)" -> "[root] module.m.var.v (expand)"',
      '}',
    ].join('\n');
    const state = convert([agent('main'), res('coder_app.web', { id: 'a' }), res('data.null_data_source.d'), res('module.m.null_resource.x[0]')], graph);
    expect(state.resources).toHaveLength(1);
    expect(state.resources[0]).toMatchObject({ name: 'x', modulePath: 'module.m' });
    expect(state.resources[0]?.agents.map((a) => a.name)).toEqual(['main']);
  });

  it('counts coder_external_agent as a host', () => {
    const graph = dot(['coder_agent.main', 'coder_external_agent.ext'], [['coder_external_agent.ext', 'coder_agent.main']]);
    const state = convert([agent('main'), res('coder_external_agent.ext', { agent_id: '' })], graph);
    expect(state.resources[0]?.agents.map((a) => a.name)).toEqual(['main']);
    expect(state.hasExternalAgents).toBe(true);
  });

  it('drops an agent no resource depends on', () => {
    const state = convert([agent('main'), res('null_resource.a')], dot(['coder_agent.main', 'null_resource.a'], []));
    expect(state.resources.flatMap((r) => r.agents)).toEqual([]);
  });

  it('shares the agents of a counted resource between its instances', () => {
    const graph = dot(['coder_agent.main', 'null_resource.a'], [['null_resource.a', 'coder_agent.main']]);
    const state = convert([agent('main'), res('null_resource.a[0]'), res('null_resource.a[1]')], graph);
    expect(state.resources.map((r) => r.agents.map((a) => a.name))).toEqual([['main'], ['main']]);
  });
});

describe('agent auth', () => {
  const graph = dot(['coder_agent.main', 'aws_instance.vm', 'coder_agent_instance.i'], [
    ['aws_instance.vm', 'coder_agent.main'],
    ['coder_agent_instance.i', 'coder_agent.main'],
  ]);

  it('takes the instance id from coder_agent_instance, before the machine identity', () => {
    const state = convert([
      agent('main', { id: 'agent-1', auth: 'aws-instance-identity' }),
      res('aws_instance.vm', { id: 'i-123', instance_type: 't3.micro' }),
      res('coder_agent_instance.i', { agent_id: 'agent-1', instance_id: 'explicit' }),
    ], graph);
    expect(state.resources[0]?.agents[0]?.auth).toEqual({ kind: 'instance', instanceId: 'explicit' });
    expect(state.resources[0]?.instanceType).toBe('t3.micro');
  });

  it('uses the machine identity of known cloud machines', () => {
    const state = convert([agent('main', { id: 'agent-1', auth: 'aws-instance-identity' }), res('aws_instance.vm', { id: 'i-123' })], graph);
    expect(state.resources[0]?.agents[0]?.auth).toEqual({ kind: 'instance', instanceId: 'i-123' });
  });

  it('leaves token agents alone', () => {
    const state = convert([
      agent('main', { id: 'agent-1', token: 'secret' }),
      res('aws_instance.vm', { id: 'i-123' }),
      res('coder_agent_instance.i', { agent_id: 'agent-1', instance_id: 'explicit' }),
    ], graph);
    expect(state.resources[0]?.agents[0]?.auth).toEqual({ kind: 'token', token: 'secret' });
  });
});

describe('apps, envs and scripts', () => {
  const labels = ['coder_agent.one', 'coder_agent.two', 'null_resource.a', 'coder_app.web', 'coder_env.e', 'coder_script.s'];

  it('attach by agent id in a state', () => {
    const graph = dot(labels, [['null_resource.a', 'coder_agent.one'], ['null_resource.a', 'coder_agent.two']]);
    const state = convert([
      agent('one', { id: 'id-1' }),
      agent('two', { id: 'id-2' }),
      res('null_resource.a'),
      res('coder_app.web', { id: 'app', agent_id: 'id-2', slug: 'web' }),
      res('coder_env.e', { agent_id: 'id-2', name: 'A', value: 'b' }),
      res('coder_script.s', { agent_id: 'id-1', display_name: 'S', script: 'x', run_on_start: true }),
    ], graph);
    // coder_env is itself listed as a resource; the agents are on null_resource.a.
    expect(state.resources.map((r) => r.type)).toEqual(['coder_env', 'null_resource']);
    const [one, two] = state.resources[1]?.agents ?? [];
    expect(two?.apps.map((app) => app.slug)).toEqual(['web']);
    expect(two?.extraEnvs).toEqual([{ name: 'A', value: 'b', mergeStrategy: '' }]);
    expect(one?.scripts.map((script) => script.displayName)).toEqual(['S']);
    expect(one?.apps).toEqual([]);
  });

  it('attach by a direct graph edge in a plan, and get a new id when none is known', () => {
    const graph = dot(labels, [
      ['null_resource.a', 'coder_agent.one'],
      ['null_resource.a', 'coder_agent.two'],
      ['coder_app.web', 'coder_agent.two'],
    ]);
    const state = convert([agent('one'), agent('two'), res('null_resource.a'), res('coder_app.web', { display_name: 'Web' })], graph);
    const [one, two] = state.resources[0]?.agents ?? [];
    expect(one?.apps).toEqual([]);
    expect(two?.apps[0]).toMatchObject({ id: 'new-id', slug: 'web', displayName: 'Web', openIn: 1, sharingLevel: 0 });
  });
});

describe('resource metadata', () => {
  const graph = dot(['coder_agent.main', 'null_resource.a', 'coder_metadata.m1', 'coder_metadata.m2'], [
    ['null_resource.a', 'coder_agent.main'],
    ['coder_metadata.m1', 'null_resource.a'],
    ['coder_metadata.m2', 'null_resource.a'],
  ]);

  it('decorates the resource it depends on', () => {
    const state = convert([
      agent('main'),
      res('null_resource.a'),
      res('coder_metadata.m1', { hide: true, daily_cost: 3, item: [{ key: 'k', value: null, is_null: true }] }),
    ], graph);
    expect(state.resources).toHaveLength(1);
    expect(state.resources[0]).toMatchObject({ hide: true, dailyCost: 3, metadata: [{ key: 'k', value: '', sensitive: false, isNull: true }] });
  });

  it('rejects two coder_metadata for one resource', () => {
    expect(() => convert([agent('main'), res('null_resource.a'), res('coder_metadata.m1'), res('coder_metadata.m2')], graph)).toThrow(
      new ConvertStateError('duplicate metadata resource: null_resource.a'),
    );
  });
});

describe('errors', () => {
  const graph = dot(['coder_agent.main', 'coder_agent.MAIN', 'coder_agent.my_agent'], []);

  it.each([
    ['an agent missing from the graph', [agent('other')], `couldn't find node on graph: "coder_agent.other"`],
    ['agent names equal ignoring case', [agent('main'), agent('MAIN')], 'duplicate agent name: main'],
    [
      'an agent name with underscores',
      [agent('my_agent')],
      'agent name "my_agent" contains underscores which are no longer supported, please use hyphens instead (regex: "(?i)^[a-z0-9](-?[a-z0-9])*$")',
    ],
    [
      'two apps with one slug',
      [res('coder_app.a', { id: '1', slug: 'web' }), res('coder_app.b', { id: '2', slug: 'web' })],
      'duplicate app slug, they must be unique per template: "web"',
    ],
    ['an app slug with capitals', [res('coder_app.a', { id: '1', slug: 'Web' })], 'app slug "Web" does not match regex "^[a-z0-9](-?[a-z0-9])*$"'],
    [
      'parameters with one name',
      [res('data.coder_parameter.a', { name: 'x' }), res('data.coder_parameter.b', { name: 'x' })],
      'coder_parameter names must be unique but "x" appears multiple times',
    ],
    [
      'two default presets',
      [res('data.coder_workspace_preset.a', { name: 'a', default: true }), res('data.coder_workspace_preset.b', { name: 'b', default: true })],
      'a maximum of 1 coder_workspace_preset can be marked as default, but 2 are set',
    ],
    ['a wrongly typed attribute', [agent('main', { os: 3 })], `decode agent attributes: 'os' expected type 'string', got number`],
  ])('reports %s', (_, resources, message) => {
    expect(() => convert(resources, graph)).toThrow(new ConvertStateError(message));
  });
});

describe('parameters', () => {
  const convertOne = (values: Record<string, unknown>) => convert([res('data.coder_parameter.p', { name: 'p', ...values })], 'digraph {}').parameters[0];

  it('keeps enabled bounds even when they are 0', () => {
    expect(convertOne({ validation: [{ min: 0, max: 5, min_disabled: false, max_disabled: true }] })).toMatchObject({ validationMin: 0 });
    expect(convertOne({ validation: [{ min: 0, max: 5, min_disabled: false, max_disabled: true }] })?.validationMax).toBeUndefined();
  });

  it('treats bounds of providers without *_disabled flags as set together', () => {
    expect(convertOne({ validation: [{ min: 0, max: 5 }] })).toMatchObject({ validationMin: 0, validationMax: 5 });
    const none = convertOne({ validation: [{ min: 0, max: 0 }] });
    expect([none?.validationMin, none?.validationMax]).toEqual([undefined, undefined]);
  });

  it('maps form types and requiredness', () => {
    expect(convertOne({ form_type: 'multi-select', optional: true, default: 'a' })).toMatchObject({ formType: 10, required: false, defaultValue: 'a' });
    expect(convertOne({ form_type: 'unknown' })).toMatchObject({ formType: 0, required: true });
  });

  it('walks child modules before their parent', () => {
    const state = convertState(
      [{ resources: [res('data.coder_parameter.root', { name: 'root' })], child_modules: [{ resources: [res('module.c.data.coder_parameter.child', { name: 'child' })] }] }],
      'digraph {}',
    );
    expect(state.parameters.map((p) => p.name)).toEqual(['child', 'root']);
  });
});

describe('addresses', () => {
  it.each([
    ['null_resource.a', 'null_resource.a', ''],
    ['null_resource.a[0]', 'null_resource.a', ''],
    ['coder_app.apps["x"]', 'coder_app.apps', ''],
    ['module.a.data.coder_parameter.p', 'module.a.data.coder_parameter.p', 'module.a'],
    ['module.a[0].module.b["k"].null_resource.c[2]', 'module.a', 'module.a[0].module.b["k"]'],
    ['not an address', 'not an address', 'invalid terraform address'],
  ])('%s', (address, label, modulePath) => {
    expect(addressToLabel(address)).toBe(label);
    expect(addressToModulePath(address)).toBe(modulePath);
  });
});
