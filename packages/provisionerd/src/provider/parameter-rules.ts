// The rules `data "coder_parameter"` applies to a value (provider v2.17): form type resolution,
// option checks, the `validation` block (min/max/monotonic/regex with the custom `error`), and the
// type check, with the real provider's diagnostic texts. Pure, for unit tests.
import { quote } from './validators.js';

export type ParameterType = 'string' | 'number' | 'bool' | 'list(string)';
export const parameterTypes: readonly ParameterType[] = ['string', 'number', 'bool', 'list(string)'];
export const formTypes = ['radio', 'slider', 'input', 'dropdown', 'checkbox', 'switch', 'multi-select', 'tag-select', 'textarea', 'error'] as const;

export interface ValidationRule {
  min: number;
  minDisabled: boolean;
  max: number;
  maxDisabled: boolean;
  monotonic: string;
  regex: string;
  error: string;
}

export interface ParameterSpec {
  name: string;
  type: string;
  formType: string;
  /** Null when the configuration sets no default. */
  default: string | null;
  options: readonly { name: string; value: string }[];
  validation: readonly ValidationRule[];
}

export interface RuleDiagnostic {
  summary: string;
  detail?: string;
  path?: string[];
}

export type ParameterOutcome = { ok: true; value: string; formType: string } | { ok: false; diagnostics: RuleDiagnostic[] };

/** Allowed form types per type, with and without options; the first is the default. */
const truthTable: Record<string, Record<'options' | 'none', string[]>> = {
  string: { options: ['radio', 'dropdown'], none: ['input', 'textarea'] },
  number: { options: ['radio', 'dropdown'], none: ['input', 'slider'] },
  bool: { options: ['radio', 'dropdown'], none: ['checkbox', 'switch'] },
  'list(string)': { options: ['radio', 'multi-select'], none: ['tag-select'] },
};

/** Resolves `form_type`; returns the type option values must have, or an error message. */
export function resolveFormType(type: string, optionCount: number, formType: string): { optionType: string; formType: string } | { error: string } {
  const kind = optionCount > 0 ? 'options' : 'none';
  const allowed = truthTable[type]?.[kind];
  if (!allowed) return { error: `"type" attribute=${quote(type)} is not supported, choose one of [${parameterTypes.join(' ')}]` };
  const resolved = formType === '' ? allowed[0]! : formType;
  if (!allowed.includes(resolved)) {
    const opposite = truthTable[type]![kind === 'options' ? 'none' : 'options'];
    const hint = opposite.includes(resolved) ? (kind === 'options' ? ' when options exist' : ' when options do not exist') : '';
    return { error: `"form_type" attribute=${quote(resolved)} is not supported for "type"=${quote(type)}${hint}, choose one of [${allowed.join(' ')}]` };
  }
  if (type === 'list(string)' && resolved === 'multi-select') return { optionType: 'string', formType: resolved };
  return { optionType: type, formType: resolved };
}

/** Go's strconv.Atoi: an optional sign and decimal digits within int64. */
export function parseGoInt(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value > 9223372036854775807n || value < -9223372036854775808n ? undefined : Number(value);
}

const goFloat = /^[+-]?((\d[\d_]*(\.[\d_]*)?|\.\d[\d_]*)([eE][+-]?\d+)?|inf|infinity|nan)$/i;
const goBools = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'];

function listOfStrings(value: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed === null) return [];
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The type check values and options get; an error message when `value` is not of `type`. */
export function typeError(type: string, value: string): string | undefined {
  switch (type) {
    case 'number':
      return goFloat.test(value) ? undefined : `${quote(value)} is not a number`;
    case 'bool':
      return goBools.includes(value) ? undefined : `${quote(value)} is not a bool`;
    case 'list(string)':
      return listOfStrings(value) ? undefined : `value ${quote(value)} is not a valid list of strings`;
    case 'string':
      return undefined;
    default:
      return `invalid type ${quote(type)}`;
  }
}

/** The `validation` block's verdict on a value; `previous` is the last build's value (monotonic). */
export function validationError(rule: ValidationRule, type: string, value: string, previous: string | undefined): string | undefined {
  if (type !== 'number') {
    if (!rule.minDisabled) return `a min cannot be specified for a ${type} type`;
    if (!rule.maxDisabled) return `a max cannot be specified for a ${type} type`;
    if (rule.monotonic !== '') return `monotonic validation can only be specified for number types, not ${type} types`;
  }
  if (type !== 'string' && rule.regex !== '') return `a regex cannot be specified for a ${type} type`;
  const custom = rule.error === '' ? undefined
    : rule.error.replaceAll('{min}', String(rule.min)).replaceAll('{max}', String(rule.max)).replaceAll('{value}', value);
  switch (type) {
    case 'bool':
      return value === 'true' || value === 'false' ? undefined : 'boolean value can be either "true" or "false"';
    case 'string': {
      if (rule.regex === '') return undefined;
      let regex: RegExp;
      try {
        regex = new RegExp(rule.regex);
      } catch (error) {
        return `compile regex ${quote(rule.regex)}: ${(error as Error).message}`;
      }
      if (rule.error === '') return 'an error must be specified with a regex validation';
      return regex.test(value) ? undefined : `${rule.error} (value ${quote(value)} does not match ${quote(rule.regex)})`;
    }
    case 'number': {
      const number = parseGoInt(value);
      if (number === undefined) return custom ?? `value ${quote(value)} is not a number`;
      if (!rule.minDisabled && number < rule.min) return custom ?? `value ${number} is less than the minimum ${rule.min}`;
      if (!rule.maxDisabled && number > rule.max) return custom ?? `value ${number} is more than the maximum ${rule.max}`;
      if (rule.monotonic === '') return undefined;
      if (rule.monotonic !== 'increasing' && rule.monotonic !== 'decreasing') {
        return 'number monotonicity can be either "increasing" or "decreasing"';
      }
      const before = previous === undefined ? undefined : parseGoInt(previous);
      if (before === undefined) return undefined;
      if (rule.monotonic === 'increasing' && number < before) return `parameter value '${number}' must be equal or greater than previous value: ${before}`;
      if (rule.monotonic === 'decreasing' && number > before) return `parameter value '${number}' must be equal or lower than previous value: ${before}`;
      return undefined;
    }
    case 'list(string)':
      return listOfStrings(value) ? undefined : `value ${quote(value)} is not valid list of strings`;
  }
  return undefined;
}

/**
 * The parameter's value: the input (CODER_PARAMETER_<hash>, even empty) or else the default,
 * checked against options, the validation block and the type.
 */
export function resolveParameter(spec: ParameterSpec, input: string | undefined, previous: string | undefined): ParameterOutcome {
  const fail = (...diagnostics: RuleDiagnostic[]): ParameterOutcome => ({ ok: false, diagnostics });
  const value = input ?? spec.default ?? undefined;
  const path = input === undefined && spec.default !== null ? ['default'] : undefined;
  const form = resolveFormType(spec.type, spec.options.length, spec.formType);
  if ('error' in form) return fail({ summary: 'Invalid form_type for parameter', detail: form.error, path: ['form_type'] });

  const names = new Set<string>();
  const values = new Set<string>();
  const optionErrors: RuleDiagnostic[] = [];
  for (const option of spec.options) {
    if (names.has(option.name)) return fail({ summary: 'Option names must be unique.', detail: `multiple options found with the same name ${quote(option.name)}` });
    if (values.has(option.value)) return fail({ summary: 'Option values must be unique.', detail: `multiple options found with the same value ${quote(option.value)}` });
    const error = typeError(form.optionType, option.value);
    if (error) {
      optionErrors.push({ summary: `Option ${quote(option.name)} with value=${quote(option.value)} is not of type ${quote(form.optionType)}`, detail: error });
      continue;
    }
    names.add(option.name);
    values.add(option.value);
  }
  if (optionErrors.length > 0) return fail(...optionErrors);
  if (spec.validation.length === 0 && value === undefined) return { ok: true, value: '', formType: form.formType };

  const forced = value ?? '';
  const label = path ? 'Default value' : 'Value';
  if (values.size > 0) {
    if (spec.type === 'list(string)' && form.optionType === 'string') {
      const items = listOfStrings(forced);
      if (!items) {
        return fail({
          summary: 'When using list(string) type, value must be a json encoded list of strings',
          detail: `value ${quote(forced)} is not a valid list of strings`, path,
        });
      }
      const missing = items.filter((item) => !values.has(item));
      if (missing.length > 0) {
        return fail({
          summary: `${label}s must be a valid option`,
          detail: `${label} ${quote(forced)} is not a valid option, values ${quote(missing.join(', '))} are missing from the options`, path,
        });
      }
    } else if (!values.has(forced)) {
      const extra = forced === '' ? '. The value is empty, did you forget to set it with a default or from user input?' : '';
      return fail({ summary: `${label} must be a valid option${extra}`, detail: `the value ${quote(forced)} must be defined as one of options`, path });
    }
  }
  if (spec.validation.length === 1) {
    const error = validationError(spec.validation[0]!, spec.type, forced, previous);
    if (error) return fail({ summary: `Invalid parameter ${label.toLowerCase()} according to 'validation' block`, detail: error, path });
  }
  const error = typeError(spec.type, forced);
  if (error) return fail({ summary: `Parameter value is not of type ${quote(spec.type)}`, detail: error });
  return { ok: true, value: forced, formType: form.formType };
}
