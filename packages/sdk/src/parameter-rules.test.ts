import { describe, expect, it } from 'vitest';
import { effectiveFormType, parameterValueProblem } from './parameter-rules';
import type { TemplateVersionParameter } from './templates';

const param = (over: Partial<TemplateVersionParameter>): TemplateVersionParameter => ({
  name: 'p', display_name: '', description: '', description_plaintext: '', type: 'string', mutable: true, default_value: '',
  icon: '', options: [], validation_error: '', validation_regex: '', validation_monotonic: '', required: false, ephemeral: false, form_type: '',
  ...over,
});
const opts = (...values: string[]) => values.map((value) => ({ name: value, value, description: '', icon: '' }));

describe('effectiveFormType', () => {
  it("uses the parameter's own form type, else the provider's default for its type", () => {
    expect(effectiveFormType(param({ form_type: 'slider', type: 'number' }))).toBe('slider');
    expect(effectiveFormType(param({ type: 'string' }))).toBe('input');
    expect(effectiveFormType(param({ type: 'string', options: opts('a') }))).toBe('radio');
    expect(effectiveFormType(param({ type: 'bool' }))).toBe('checkbox');
    expect(effectiveFormType(param({ type: 'list(string)' }))).toBe('tag-select');
  });
});

describe('parameterValueProblem', () => {
  it('checks numbers against min, max and the custom error text', () => {
    const cpu = param({ type: 'number', validation_min: 1, validation_max: 8 });
    expect(parameterValueProblem(cpu, '4')).toBeUndefined();
    expect(parameterValueProblem(cpu, '9')).toBe('Value 9 is more than the maximum 8.');
    expect(parameterValueProblem(cpu, 'x')).toBe('Value "x" is not a number.');
    expect(parameterValueProblem({ ...cpu, validation_error: 'Pick {min} to {max} CPUs, not {value}.' }, '0')).toBe('Pick 1 to 8 CPUs, not 0.');
  });

  it('keeps monotonic numbers moving one way', () => {
    const disk = param({ type: 'number', validation_monotonic: 'increasing' });
    expect(parameterValueProblem(disk, '10', '20')).toBe('Value 10 must be equal to or greater than the previous value 20.');
    expect(parameterValueProblem(disk, '30', '20')).toBeUndefined();
  });

  it('matches strings against the regex with its error text', () => {
    const repo = param({ validation_regex: '^https://', validation_error: 'Use an https URL.' });
    expect(parameterValueProblem(repo, 'git@x')).toBe('Use an https URL. (value "git@x" does not match "^https://")');
    expect(parameterValueProblem(repo, 'https://x')).toBeUndefined();
  });

  it('checks options, lists, booleans and required values', () => {
    expect(parameterValueProblem(param({ options: opts('a', 'b') }), 'c')).toBe('Value "c" is not one of the options: "a", "b".');
    const multi = param({ type: 'list(string)', form_type: 'multi-select', options: opts('a', 'b') });
    expect(parameterValueProblem(multi, '["a","b"]')).toBeUndefined();
    expect(parameterValueProblem(multi, '["z"]')).toMatch(/"z" is not one of the options/);
    expect(parameterValueProblem(param({ type: 'list(string)' }), 'nope')).toBe('Value must be a JSON array of strings.');
    expect(parameterValueProblem(param({ type: 'bool' }), 'yes')).toMatch(/not a boolean/);
    expect(parameterValueProblem(param({ required: true }), '')).toBe('A value is required.');
    expect(parameterValueProblem(param({ validation_regex: '^a' }), '')).toBeUndefined();
  });
});
