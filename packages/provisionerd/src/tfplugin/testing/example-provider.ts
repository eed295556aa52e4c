// A small provider for the framework's tests: `example_thing` (a resource with force-new,
// defaulted, sensitive and nested attributes, schema version 1), `example_slow` (a create that
// only ends when Terraform stops the provider) and `example_info` (a data source).
import { randomUUID } from 'node:crypto';
import { attribute, block, ProviderError, providerKit, t } from '../index.js';

export const EXAMPLE_ADDRESS = 'registry.terraform.io/warren/example';

export interface ExampleEvents {
  created: string[];
  updated: string[];
  deleted: string[];
}

const kit = providerKit<{ greeting: string; events: ExampleEvents }>();

const thing = kit.resource({
  schema: {
    version: 1,
    attributes: {
      id: attribute(t.string, { computed: true }),
      name: attribute(t.string, {
        required: true,
        forceNew: true,
        validate: (name) => (/^[a-z][a-z0-9-]*$/.test(name) ? undefined : 'Use lower-case letters, digits and dashes.'),
      }),
      size: attribute(t.number, { optional: true, default: 1 }),
      label: attribute(t.string, { optional: true }),
      tags: attribute(t.map(t.string), { optional: true }),
      token: attribute(t.string, { computed: true, sensitive: true }),
    },
    blocks: {
      item: block.list({
        attributes: {
          key: attribute(t.string, { required: true }),
          value: attribute(t.string, { optional: true }),
          is_null: attribute(t.bool, { computed: true }),
        },
      }),
    },
  },
  validate: ({ config, diagnostics }) => {
    if (typeof config.size === 'number' && config.size > 10) {
      diagnostics.error('Too big', { detail: 'size must be at most 10.', path: ['size'] });
    }
  },
  create: ({ config, provider }) => {
    provider.events.created.push(config.name);
    return {
      id: randomUUID(),
      token: randomUUID(),
      item: config.item.map((item) => ({ ...item, is_null: item.value === null })),
    };
  },
  update: ({ config, provider }) => {
    provider.events.updated.push(config.name);
    return { item: config.item.map((item) => ({ ...item, is_null: item.value === null })) };
  },
  delete: ({ prior, provider }) => {
    provider.events.deleted.push(prior.name);
  },
  upgrade: {
    // Version 0 called the name `title`.
    0: ({ title, ...rest }) => ({ ...rest, name: title }),
  },
});

/** Never finishes creating until Terraform stops the provider (^C). */
const slow = kit.resource({
  schema: { attributes: { id: attribute(t.string, { computed: true }) } },
  create: ({ signal }) =>
    new Promise((_resolve, reject) => {
      signal.addEventListener('abort', () => reject(new ProviderError('Interrupted', { detail: 'Terraform stopped the provider.' })));
    }),
});

const info = kit.dataSource({
  schema: {
    attributes: {
      id: attribute(t.string, { computed: true }),
      name: attribute(t.string, { required: true }),
      greeting: attribute(t.string, { computed: true }),
      port: attribute(t.number, { computed: true }),
    },
  },
  read: ({ config, provider }) => ({ id: config.name, greeting: `${provider.greeting}, ${config.name}`, port: 443 }),
});

export function exampleProvider(events: ExampleEvents = { created: [], updated: [], deleted: [] }) {
  return kit.provider({
    schema: { attributes: { greeting: attribute(t.string, { optional: true }) } },
    configure: ({ config }) => ({ greeting: config.greeting ?? 'hello', events }),
    resources: { example_thing: thing, example_slow: slow },
    dataSources: { example_info: info },
  });
}
