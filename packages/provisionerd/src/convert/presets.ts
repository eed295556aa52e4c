/** `data "coder_workspace_preset"` → {@link Preset}. */
import type { Attributes } from './attributes.js';
import { ConvertStateError, joinWithConjunction } from './errors.js';
import type { Warn } from './errors.js';
import { decode } from './resource-index.js';
import type { TfStateResource } from './terraform-json.js';
import type { Prebuild, Preset, RichParameter } from '@warren/sdk/provisioner-resources';

/** Converts every preset; more than one default preset is an error. */
export function convertPresets(resources: TfStateResource[], parameters: RichParameter[], warn: Warn): Preset[] {
  const parameterNames = new Set(parameters.map((parameter) => parameter.name));
  const presets = resources.map((resource) =>
    decode('preset', resource, (attrs): Preset => {
      const [prebuilds] = attrs.blocks('prebuilds');
      return {
        name: attrs.string('name'),
        parameters: Object.entries(attrs.stringMap('parameters')).map(([name, value]) => ({ name, value })),
        prebuild: prebuilds && readPrebuild(prebuilds),
        default: attrs.boolean('default'),
        description: attrs.string('description'),
        icon: attrs.string('icon'),
      };
    }),
  );

  for (const preset of presets) {
    const unknown = preset.parameters.map((p) => p.name).filter((name) => !parameterNames.has(name));
    if (unknown.length > 0) {
      warn(
        'coder_workspace_preset defines preset values for at least one parameter that is not defined by the template',
        { preset: preset.name, parameters: joinWithConjunction(unknown) },
      );
    }
    if (!preset.prebuild) warn('coder_workspace_preset has no prebuilds block', { preset: preset.name });
  }

  const defaults = presets.filter((preset) => preset.default).length;
  if (defaults > 1) {
    throw new ConvertStateError(
      `a maximum of 1 coder_workspace_preset can be marked as default, but ${defaults} are set`,
    );
  }
  return presets;
}

function readPrebuild(block: Attributes): Prebuild {
  const [expiration] = block.blocks('expiration_policy');
  const [scheduling] = block.blocks('scheduling');
  return {
    instances: block.integer('instances'),
    expirationPolicy: expiration && { ttl: expiration.integer('ttl') },
    scheduling: scheduling && {
      timezone: scheduling.string('timezone'),
      schedule: scheduling.blocks('schedule').map((entry) => ({
        cron: entry.string('cron'),
        instances: entry.integer('instances'),
      })),
    },
  };
}
