// `data "coder_parameter"` (provider v2.17 schema, version 1). The value comes from
// CODER_PARAMETER_<sha256 hex of name> (even when empty), else the default; the previous build's
// value (CODER_PARAMETER_PREVIOUS_<hash>) feeds `monotonic`. Rule failures are diagnostics.
import { randomUUID } from 'node:crypto';
import { attribute, block, ProviderError, t } from '../tfplugin/index.js';
import { parameterVariable, previousParameterVariable } from './env.js';
import { kit } from './kit.js';
import { formTypes, parameterTypes, resolveParameter, type ValidationRule } from './parameter-rules.js';
import { id, isValidUrl, oneOf } from './validators.js';

const forceNew = { optional: true, forceNew: true } as const;

const parameterSchema = {
  version: 1,
  attributes: {
    id,
    value: attribute(t.string, { computed: true }),
    name: attribute(t.string, { required: true }),
    display_name: attribute(t.string, { optional: true }),
    description: attribute(t.string, { optional: true }),
    type: attribute(t.string, { optional: true, default: 'string', validate: oneOf('type', parameterTypes) }),
    form_type: attribute(t.string, { optional: true, default: '', validate: oneOf('form_type', formTypes) }),
    styling: attribute(t.string, { optional: true, default: '{}' }),
    mutable: attribute(t.bool, { optional: true, default: false }),
    default: attribute(t.string, { optional: true }),
    icon: attribute(t.string, { ...forceNew, validate: isValidUrl }),
    optional: attribute(t.bool, { computed: true }),
    order: attribute(t.number, { optional: true }),
    ephemeral: attribute(t.bool, { optional: true, default: false }),
  },
  blocks: {
    option: block.list({
      attributes: {
        name: attribute(t.string, { required: true, forceNew: true }),
        description: attribute(t.string, forceNew),
        value: attribute(t.string, { required: true, forceNew: true }),
        icon: attribute(t.string, { ...forceNew, validate: isValidUrl }),
      },
    }, { forceNew: true }),
    validation: block.list({
      attributes: {
        min: attribute(t.number, { optional: true }),
        min_disabled: attribute(t.bool, { computed: true }),
        max: attribute(t.number, { optional: true }),
        max_disabled: attribute(t.bool, { computed: true }),
        monotonic: attribute(t.string, { optional: true }),
        regex: attribute(t.string, { optional: true }),
        error: attribute(t.string, { optional: true }),
      },
    }, { maxItems: 1 }),
  },
};

const parameter = kit.dataSource({
  schema: parameterSchema,
  validate: ({ config, diagnostics }) => {
    for (const rule of Array.isArray(config.validation) ? config.validation : []) {
      const { regex, min, max, monotonic } = rule as Record<string, unknown>;
      if (regex === null || regex === undefined) continue;
      for (const [name, value] of Object.entries({ min, max, monotonic })) {
        if (value !== null && value !== undefined) {
          diagnostics.error('Conflicting configuration arguments', { detail: `"validation.0.regex": conflicts with validation.0.${name}`, path: ['validation', 0, 'regex'] });
        }
      }
    }
  },
  read: ({ config, provider, diagnostics }) => {
    const validation = config.validation.map((rule) => ({
      ...rule, min_disabled: rule.min === null, max_disabled: rule.max === null,
    }));
    const mutable = config.mutable ?? false;
    const ephemeral = config.ephemeral ?? false;
    if (!mutable && ephemeral) throw new ProviderError("parameter can't be immutable and ephemeral");
    if (config.default === null && ephemeral) throw new ProviderError('ephemeral parameter requires the default property');
    const rules: ValidationRule[] = validation.map((rule) => ({
      min: rule.min ?? 0, minDisabled: rule.min_disabled, max: rule.max ?? 0, maxDisabled: rule.max_disabled,
      monotonic: rule.monotonic ?? '', regex: rule.regex ?? '', error: rule.error ?? '',
    }));
    const outcome = resolveParameter(
      { name: config.name, type: config.type ?? 'string', formType: config.form_type ?? '', default: config.default, options: config.option, validation: rules },
      provider.env.lookup(parameterVariable(config.name)),
      provider.env.lookup(previousParameterVariable(config.name)),
    );
    if (!outcome.ok) {
      const last = outcome.diagnostics.at(-1)!;
      for (const { summary, detail, path } of outcome.diagnostics.slice(0, -1)) diagnostics.error(summary, { detail, path });
      throw new ProviderError(last.summary, { detail: last.detail, path: last.path });
    }
    return {
      id: randomUUID(),
      value: outcome.value,
      form_type: outcome.formType,
      type: config.type ?? 'string',
      styling: config.styling ?? '{}',
      mutable,
      ephemeral,
      optional: config.default !== null,
      validation,
      // The real provider leaves an option-less parameter's `option` null in state.
      option: (config.option.length > 0 ? config.option : null) as never,
    };
  },
});

export const parameterDataSources = { coder_parameter: parameter };
