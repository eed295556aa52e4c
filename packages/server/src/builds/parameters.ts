import type { NameValue, ValidationError } from '@warren/sdk';
import type { TemplateVersionParameterRow } from '../db/queries/template-versions';
import { validationFailed } from '../http/errors';

export type ParameterSpec = Pick<
  TemplateVersionParameterRow,
  | 'name' | 'type' | 'mutable' | 'default_value' | 'options' | 'validation_regex' | 'validation_error'
  | 'validation_min' | 'validation_max' | 'validation_monotonic' | 'required' | 'ephemeral' | 'form_type'
>;

export interface ResolveParametersInput {
  parameters: ParameterSpec[];
  /** Values of the previous build; undefined for a workspace's first build. */
  previous: NameValue[] | undefined;
  supplied: NameValue[];
  transition: 'start' | 'stop' | 'delete';
}

const MULTI_SELECT = 10;

function substitute(template: string, p: ParameterSpec, value: string): string {
  return template
    .replaceAll('{min}', String(p.validation_min ?? ''))
    .replaceAll('{max}', String(p.validation_max ?? ''))
    .replaceAll('{value}', value);
}

function parseStringList(value: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.every((e) => typeof e === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** What is wrong with `value` for the parameter, as a sentence; undefined when it is valid. */
export function parameterProblem(p: ParameterSpec, value: string, previous: string | undefined): string | undefined {
  if (p.options.length > 0) {
    const allowed = p.options.map((o) => o.value);
    const chosen = p.type === 'list(string)' && p.form_type === MULTI_SELECT ? parseStringList(value) : [value];
    if (!chosen) return 'Value must be a JSON array of strings.';
    const bad = chosen.find((c) => !allowed.includes(c));
    if (bad !== undefined) return `Value "${bad}" is not one of the options: ${allowed.map((a) => `"${a}"`).join(', ')}.`;
  }
  switch (p.type) {
    case 'bool':
      if (value !== 'true' && value !== 'false') return `Value "${value}" is not a boolean: use "true" or "false".`;
      break;
    case 'list(string)':
      if (!parseStringList(value)) return 'Value must be a JSON array of strings.';
      break;
    case 'number': {
      if (value.trim() === '' || !Number.isFinite(Number(value))) return `Value "${value}" is not a number.`;
      const n = Number(value);
      if (p.validation_min !== null && n < p.validation_min) {
        return p.validation_error ? substitute(p.validation_error, p, value) : `Value ${value} is less than the minimum ${p.validation_min}.`;
      }
      if (p.validation_max !== null && n > p.validation_max) {
        return p.validation_error ? substitute(p.validation_error, p, value) : `Value ${value} is more than the maximum ${p.validation_max}.`;
      }
      if (previous !== undefined && previous.trim() !== '' && Number.isFinite(Number(previous))) {
        const prev = Number(previous);
        if (p.validation_monotonic === 'increasing' && n < prev) {
          return `Value ${value} must be equal to or greater than the previous value ${previous}.`;
        }
        if (p.validation_monotonic === 'decreasing' && n > prev) {
          return `Value ${value} must be equal to or less than the previous value ${previous}.`;
        }
      }
      break;
    }
    default:
      if (p.validation_regex) {
        let re: RegExp;
        try {
          re = new RegExp(p.validation_regex);
        } catch {
          return `The template's validation pattern "${p.validation_regex}" is not a valid regular expression.`;
        }
        if (!re.test(value)) return `${p.validation_error || 'Value is not valid.'} (value "${value}" does not match "${p.validation_regex}")`;
      }
  }
  return undefined;
}

/**
 * The parameter values of a new build: supplied values, else the previous build's (ephemeral
 * ones are not carried over), else defaults. Immutable parameters keep their first value; every
 * value is checked against the template version's rules. Throws 400 "Validation failed." with one
 * validation per bad parameter.
 */
export function resolveBuildParameters(input: ResolveParametersInput): NameValue[] {
  const problems: ValidationError[] = [];
  const out: NameValue[] = [];
  const firstBuild = input.previous === undefined;
  for (const p of input.parameters) {
    const given = input.supplied.find((s) => s.name === p.name);
    const prev = input.previous?.find((s) => s.name === p.name);
    let value: string;
    if (given) {
      if (!firstBuild && !p.mutable && prev && given.value !== prev.value) {
        problems.push({ field: p.name, detail: `Parameter "${p.name}" is not mutable, so it can't be updated after creating a workspace.` });
        continue;
      }
      value = given.value;
    } else if (prev && !p.ephemeral) {
      value = prev.value;
    } else if (p.required && input.transition === 'start') {
      problems.push({ field: p.name, detail: `Parameter "${p.name}" is required but no value was given.` });
      continue;
    } else {
      value = p.default_value;
    }
    const optionalEmpty = !p.required && value === '' && p.default_value === '';
    const problem = optionalEmpty ? undefined : parameterProblem(p, value, firstBuild ? undefined : prev?.value);
    if (problem) {
      problems.push({ field: p.name, detail: problem });
      continue;
    }
    out.push({ name: p.name, value });
  }
  if (problems.length > 0) throw validationFailed(problems);
  return out;
}
