import type { NameValue, ValidationError } from '@warren/sdk';
import { parameterRuleProblem } from '@warren/sdk/parameter-rules';
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

/** What is wrong with `value` for the parameter, as a sentence; undefined when it is valid. */
export function parameterProblem(p: ParameterSpec, value: string, previous: string | undefined): string | undefined {
  return parameterRuleProblem({ ...p, multiSelect: p.form_type === MULTI_SELECT }, value, previous);
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
