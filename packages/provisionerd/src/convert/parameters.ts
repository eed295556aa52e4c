/** `data "coder_parameter"` → {@link RichParameter}, in module walk order. */
import { ConvertStateError, joinWithConjunction, quote } from './errors.js';
import { decode } from './resource-index.js';
import type { TfStateResource } from './terraform-json.js';
import { ParameterFormType } from '@warren/sdk/provisioner-resources';
import type { RichParameter } from '@warren/sdk/provisioner-resources';

const FORM_TYPES: Record<string, ParameterFormType> = {
  '': ParameterFormType.DEFAULT,
  error: ParameterFormType.FORM_ERROR,
  radio: ParameterFormType.RADIO,
  dropdown: ParameterFormType.DROPDOWN,
  input: ParameterFormType.INPUT,
  textarea: ParameterFormType.TEXTAREA,
  slider: ParameterFormType.SLIDER,
  checkbox: ParameterFormType.CHECKBOX,
  switch: ParameterFormType.SWITCH,
  'tag-select': ParameterFormType.TAGSELECT,
  'multi-select': ParameterFormType.MULTISELECT,
};

/** Converts every parameter; names used more than once are an error. */
export function convertParameters(resources: TfStateResource[]): RichParameter[] {
  const parameters = resources.map(convertParameter);
  const seen = new Set<string>();
  const duplicated: string[] = [];
  for (const { name } of parameters) {
    if (seen.has(name) && !duplicated.includes(quote(name))) duplicated.push(quote(name));
    seen.add(name);
  }
  if (duplicated.length > 0) {
    const verb = duplicated.length === 1 ? 'appears' : 'appear';
    throw new ConvertStateError(
      `coder_parameter names must be unique but ${joinWithConjunction(duplicated)} ${verb} multiple times`,
    );
  }
  return parameters;
}

function convertParameter(resource: TfStateResource): RichParameter {
  return decode(`coder_parameter.${resource.name}`, resource, (attrs) => {
    const parameter: RichParameter = {
      name: attrs.string('name'),
      description: attrs.string('description'),
      type: attrs.string('type'),
      mutable: attrs.boolean('mutable'),
      defaultValue: attrs.string('default'),
      icon: attrs.string('icon'),
      options: attrs.blocks('option').map((option) => ({
        name: option.string('name'),
        description: option.string('description'),
        value: option.string('value'),
        icon: option.string('icon'),
      })),
      validationRegex: '',
      validationError: '',
      validationMonotonic: '',
      required: !attrs.boolean('optional'),
      displayName: attrs.string('display_name'),
      order: attrs.integer('order'),
      ephemeral: attrs.boolean('ephemeral'),
      formType: FORM_TYPES[attrs.string('form_type')] ?? ParameterFormType.DEFAULT,
    };
    const validations = attrs.blocks('validation');
    const [validation] = validations;
    if (validation && validations.length === 1) {
      parameter.validationRegex = validation.string('regex');
      parameter.validationError = validation.string('error');
      parameter.validationMonotonic = validation.string('monotonic');
      const min = validation.integer('min');
      const max = validation.integer('max');
      // Providers before 0.8.2 have no *_disabled flags and set min and max together.
      const legacyEnabled = min !== 0 || max !== 0;
      const hasFlags = validation.has('min_disabled');
      if (!(hasFlags ? validation.boolean('min_disabled') : !legacyEnabled)) parameter.validationMin = min;
      if (!(hasFlags ? validation.boolean('max_disabled') : !legacyEnabled)) parameter.validationMax = max;
    }
    return parameter;
  });
}
