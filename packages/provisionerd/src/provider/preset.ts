// `data "coder_workspace_preset"`: a named set of parameter values (and optional prebuild settings)
// the create-workspace form offers; the import reports each one (see convert/presets.ts).
import { attribute, block, ProviderError, t } from '../tfplugin/index.js';
import { kit } from './kit.js';

const preset = kit.dataSource({
  schema: {
    version: 1,
    attributes: {
      id: attribute(t.string, { computed: true }),
      name: attribute(t.string, { required: true }),
      description: attribute(t.string, { optional: true }),
      icon: attribute(t.string, { optional: true }),
      default: attribute(t.bool, { optional: true }),
      parameters: attribute(t.map(t.string), { optional: true }),
    },
    blocks: {
      prebuilds: block.set({
        attributes: { instances: attribute(t.number, { required: true }) },
        blocks: {
          expiration_policy: block.set({ attributes: { ttl: attribute(t.number, { required: true }) } }, { maxItems: 1 }),
          scheduling: block.list({
            attributes: { timezone: attribute(t.string, { required: true }) },
            blocks: {
              schedule: block.list({
                attributes: { cron: attribute(t.string, { required: true }), instances: attribute(t.number, { required: true }) },
              }),
            },
          }, { maxItems: 1 }),
        },
      }, { maxItems: 1 }),
    },
  },
  read: ({ config }) => {
    if (config.name === '') throw new ProviderError('name must not be empty', { path: ['name'] });
    return { id: config.name };
  },
});

export const presetDataSources = { coder_workspace_preset: preset };
