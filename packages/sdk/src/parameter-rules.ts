/**
 * The rules a rich parameter's value must follow, as the server checks them when a build is
 * created (same sentences), so a form can say what is wrong while the user types. Pure and
 * browser-safe.
 */
import type { TemplateVersionParameter } from './templates';

export type ParameterFormType = 'radio' | 'dropdown' | 'input' | 'textarea' | 'slider' | 'checkbox' | 'switch' | 'multi-select' | 'tag-select';

/** The form type a parameter is shown with: its own, or the provider's default for its type. */
export function effectiveFormType(p: Pick<TemplateVersionParameter, 'type' | 'form_type' | 'options'>): ParameterFormType {
  const given = p.form_type as ParameterFormType | 'error' | '';
  if (given && given !== 'error') return given;
  const hasOptions = p.options.length > 0;
  switch (p.type) {
    case 'bool':
      return hasOptions ? 'radio' : 'checkbox';
    case 'list(string)':
      return hasOptions ? 'radio' : 'tag-select';
    default:
      return hasOptions ? 'radio' : 'input';
  }
}

/** A list(string) value (a JSON array of strings), or undefined when it is not one. */
export function parseStringList(value: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.every((e) => typeof e === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** What a value is checked against: the parameter's type, options and validation. */
export interface ParameterRule {
  type: string;
  options: { value: string }[];
  /** list(string) values chosen from options (form type multi-select) */
  multiSelect: boolean;
  validation_regex?: string | null;
  validation_error?: string | null;
  validation_min?: number | null;
  validation_max?: number | null;
  validation_monotonic?: string | null;
}

function substitute(template: string, p: ParameterRule, value: string): string {
  return template
    .replaceAll('{min}', String(p.validation_min ?? ''))
    .replaceAll('{max}', String(p.validation_max ?? ''))
    .replaceAll('{value}', value);
}

/**
 * What is wrong with `value` under the parameter's type, options and validation, as the sentence
 * the server answers with; undefined when it is valid. `previous` is the workspace's current value
 * (monotonic rules compare with it). The server and the dashboard's forms both check through it.
 */
export function parameterRuleProblem(p: ParameterRule, value: string, previous?: string): string | undefined {
  if (p.options.length > 0) {
    const allowed = p.options.map((o) => o.value);
    const chosen = p.type === 'list(string)' && p.multiSelect ? parseStringList(value) : [value];
    if (!chosen) return 'Value must be a JSON array of strings.';
    const bad = chosen.find((c) => !allowed.includes(c));
    if (bad !== undefined) return `Value "${bad}" is not one of the options: ${allowed.map((a) => `"${a}"`).join(', ')}.`;
  }
  switch (p.type) {
    case 'bool':
      if (value !== 'true' && value !== 'false') return `Value "${value}" is not a boolean: use "true" or "false".`;
      return undefined;
    case 'list(string)':
      return parseStringList(value) ? undefined : 'Value must be a JSON array of strings.';
    case 'number': {
      if (value.trim() === '' || !Number.isFinite(Number(value))) return `Value "${value}" is not a number.`;
      const n = Number(value);
      if (p.validation_min != null && n < p.validation_min) {
        return p.validation_error ? substitute(p.validation_error, p, value) : `Value ${value} is less than the minimum ${p.validation_min}.`;
      }
      if (p.validation_max != null && n > p.validation_max) {
        return p.validation_error ? substitute(p.validation_error, p, value) : `Value ${value} is more than the maximum ${p.validation_max}.`;
      }
      if (previous !== undefined && previous.trim() !== '' && Number.isFinite(Number(previous))) {
        const prev = Number(previous);
        if (p.validation_monotonic === 'increasing' && n < prev) return `Value ${value} must be equal to or greater than the previous value ${previous}.`;
        if (p.validation_monotonic === 'decreasing' && n > prev) return `Value ${value} must be equal to or less than the previous value ${previous}.`;
      }
      return undefined;
    }
    default:
      if (!p.validation_regex) return undefined;
      try {
        if (new RegExp(p.validation_regex).test(value)) return undefined;
      } catch {
        return `The template's validation pattern "${p.validation_regex}" is not a valid regular expression.`;
      }
      return `${p.validation_error || 'Value is not valid.'} (value "${value}" does not match "${p.validation_regex}")`;
  }
}

/**
 * What is wrong with `value` for the parameter, as a sentence; undefined when it is valid.
 * `previous` is the workspace's current value (monotonic rules compare with it).
 */
export function parameterValueProblem(p: TemplateVersionParameter, value: string, previous?: string): string | undefined {
  if (value === '' && p.required) return 'A value is required.';
  if (value === '' && !p.required && p.default_value === '') return undefined;
  return parameterRuleProblem({ ...p, multiSelect: effectiveFormType(p) === 'multi-select' }, value, previous);
}
