import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/errors';
import { resolveBuildParameters, type ParameterSpec } from './parameters';

function spec(p: Partial<ParameterSpec> & { name: string }): ParameterSpec {
  return {
    type: 'string', mutable: true, default_value: '', options: [], validation_regex: '', validation_error: '',
    validation_min: null, validation_max: null, validation_monotonic: '', required: false, ephemeral: false, form_type: 0, ...p,
  };
}

function problems(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return Object.fromEntries((err.validations ?? []).map((v) => [v.field, v.detail]));
    throw err;
  }
  throw new Error('expected a validation failure');
}

const first = (parameters: ParameterSpec[], supplied: Array<{ name: string; value: string }>) =>
  resolveBuildParameters({ parameters, previous: undefined, supplied, transition: 'start' });

describe('resolveBuildParameters', () => {
  it('uses supplied values, then defaults, and requires required ones', () => {
    const params = [spec({ name: 'a', default_value: 'x' }), spec({ name: 'b', required: true })];
    expect(first(params, [{ name: 'b', value: 'y' }, { name: 'zzz', value: 'ignored' }])).toEqual([{ name: 'a', value: 'x' }, { name: 'b', value: 'y' }]);
    expect(problems(() => first(params, []))).toEqual({ b: expect.stringMatching(/required/) });
  });

  it('checks options, types, bounds and patterns', () => {
    const opts = [{ name: 'A', value: 'a', description: '', icon: '' }];
    expect(problems(() => first([spec({ name: 'o', options: opts, default_value: 'a' })], [{ name: 'o', value: 'b' }])).o).toMatch(/not one of the options/);
    expect(problems(() => first([spec({ name: 'n', type: 'number', default_value: '1' })], [{ name: 'n', value: 'abc' }])).n).toMatch(/not a number/);
    expect(problems(() => first([spec({ name: 'b', type: 'bool', default_value: 'true' })], [{ name: 'b', value: 'yes' }])).b).toMatch(/boolean/);
    expect(problems(() => first([spec({ name: 'l', type: 'list(string)', default_value: '[]' })], [{ name: 'l', value: '[1]' }])).l).toMatch(/JSON array/);
    const bounded = spec({ name: 'n', type: 'number', default_value: '1', validation_min: 1, validation_max: 3, validation_error: 'Between {min} and {max}, not {value}.' });
    expect(problems(() => first([bounded], [{ name: 'n', value: '4' }])).n).toBe('Between 1 and 3, not 4.');
    expect(first([bounded], [{ name: 'n', value: '3' }])).toEqual([{ name: 'n', value: '3' }]);
    const re = spec({ name: 's', default_value: 'ok', validation_regex: '^[a-z]+$', validation_error: 'Lowercase.' });
    expect(problems(() => first([re], [{ name: 's', value: 'NO' }])).s).toBe('Lowercase. (value "NO" does not match "^[a-z]+$")');
  });

  it('carries previous values, keeps immutable ones, drops ephemeral ones and enforces monotonic', () => {
    const params = [
      spec({ name: 'imm', mutable: false, default_value: 'd' }),
      spec({ name: 'eph', ephemeral: true, default_value: 'e' }),
      spec({ name: 'up', type: 'number', default_value: '1', validation_monotonic: 'increasing' }),
    ];
    const previous = [{ name: 'imm', value: 'kept' }, { name: 'eph', value: 'old' }, { name: 'up', value: '5' }];
    const next = (supplied: Array<{ name: string; value: string }>) => resolveBuildParameters({ parameters: params, previous, supplied, transition: 'start' });
    expect(next([])).toEqual([{ name: 'imm', value: 'kept' }, { name: 'eph', value: 'e' }, { name: 'up', value: '5' }]);
    expect(problems(() => next([{ name: 'imm', value: 'changed' }])).imm).toMatch(/not mutable/);
    expect(next([{ name: 'imm', value: 'kept' }])[0]).toEqual({ name: 'imm', value: 'kept' });
    expect(problems(() => next([{ name: 'up', value: '4' }])).up).toMatch(/greater than the previous value 5/);
    expect(next([{ name: 'up', value: '6' }])[2]).toEqual({ name: 'up', value: '6' });
  });
});
