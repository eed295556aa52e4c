import { describe, expect, it } from 'vitest';
import { agentInitScript, agentToken } from './agent.js';
import { checkCron } from './agent-extras.js';
import { slugError } from './app.js';
import { EnvReader, runningAgentTokenVariable } from './env.js';
import { type ParameterSpec, resolveFormType, resolveParameter, type ValidationRule } from './parameter-rules.js';
import { accessPort, accessUrl } from './workspace.js';

const rule = (overrides: Partial<ValidationRule> = {}): ValidationRule => ({
  min: 0, minDisabled: true, max: 0, maxDisabled: true, monotonic: '', regex: '', error: '', ...overrides,
});
const spec = (overrides: Partial<ParameterSpec> = {}): ParameterSpec => ({
  name: 'p', type: 'string', formType: '', default: null, options: [], validation: [], ...overrides,
});
const cpu = spec({ default: '2', options: [{ name: 'Light', value: '2' }, { name: 'Heavy', value: '8' }] });

describe('agent init script and token', () => {
  const env = new EnvReader({ CODER_AGENT_SCRIPT_linux_amd64: 'curl ${ACCESS_URL}bin/coder-linux-amd64 # ${AUTH_TYPE} ${ACCESS_URL}' });

  it('fills in the access URL (with a trailing slash, path dropped) and the auth type', () => {
    expect(agentInitScript(env, new URL('https://coder.example.com:8443/some/path?q=1'), 'linux', 'amd64', 'google-instance-identity'))
      .toBe('curl https://coder.example.com:8443/bin/coder-linux-amd64 # google-instance-identity https://coder.example.com:8443/');
  });

  it('is empty for a platform without a script', () => {
    expect(agentInitScript(env, new URL('https://coder.example.com'), 'windows', 'arm64', 'token')).toBe('');
  });

  it('makes a new token each time unless a prebuild claim passes the running one', () => {
    const fresh = new EnvReader({});
    expect(agentToken(fresh)).not.toBe(agentToken(fresh));
    expect(agentToken(fresh)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const claim = new EnvReader({ [runningAgentTokenVariable('')]: 'kept-token', CODER_AGENT_TOKEN: 'not-this-one' });
    expect(runningAgentTokenVariable('')).toBe('CODER_RUNNING_WORKSPACE_AGENT_TOKEN_e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(agentToken(claim)).toBe('kept-token');
    expect(agentToken(new EnvReader({ CODER_AGENT_TOKEN: 'host-agent-token' }))).not.toBe('host-agent-token');
  });
});

describe('parameter rules', () => {
  it('takes the input (even empty) over the default, and resolves the form type', () => {
    expect(resolveParameter(cpu, '8', undefined)).toEqual({ ok: true, value: '8', formType: 'radio' });
    expect(resolveParameter(cpu, undefined, undefined)).toEqual({ ok: true, value: '2', formType: 'radio' });
    expect(resolveParameter(spec(), undefined, undefined)).toEqual({ ok: true, value: '', formType: 'input' });
    expect(resolveParameter(spec({ default: 'd' }), '', undefined)).toEqual({ ok: true, value: '', formType: 'input' });
  });

  it('rejects values outside the options', () => {
    expect(resolveParameter(cpu, '3', undefined)).toEqual({
      ok: false, diagnostics: [{ summary: 'Value must be a valid option', detail: 'the value "3" must be defined as one of options' }],
    });
    expect(resolveParameter(spec({ default: '4', options: cpu.options }), undefined, undefined)).toMatchObject({
      ok: false, diagnostics: [{ summary: 'Default value must be a valid option', path: ['default'] }],
    });
    expect(resolveParameter(spec({ options: cpu.options }), '', undefined)).toMatchObject({
      ok: false, diagnostics: [{ summary: 'Value must be a valid option. The value is empty, did you forget to set it with a default or from user input?' }],
    });
  });

  it('checks multi-select values element by element', () => {
    const multi = spec({ type: 'list(string)', formType: 'multi-select', options: [{ name: 'A', value: 'a' }, { name: 'B', value: 'b' }] });
    expect(resolveParameter(multi, '["a","b"]', undefined)).toEqual({ ok: true, value: '["a","b"]', formType: 'multi-select' });
    expect(resolveParameter(multi, '["a","c","d"]', undefined)).toMatchObject({
      ok: false, diagnostics: [{ summary: 'Values must be a valid option', detail: 'Value "[\\"a\\",\\"c\\",\\"d\\"]" is not a valid option, values "c, d" are missing from the options' }],
    });
  });

  it('applies min, max and the custom error with placeholders', () => {
    const range = spec({ type: 'number', validation: [rule({ min: 1, minDisabled: false, max: 16, maxDisabled: false })] });
    const invalid = "Invalid parameter value according to 'validation' block";
    expect(resolveParameter(range, '0', undefined)).toEqual({ ok: false, diagnostics: [{ summary: invalid, detail: 'value 0 is less than the minimum 1' }] });
    expect(resolveParameter(range, '17', undefined)).toMatchObject({ ok: false, diagnostics: [{ detail: 'value 17 is more than the maximum 16' }] });
    expect(resolveParameter(range, '1.5', undefined)).toMatchObject({ ok: false, diagnostics: [{ detail: 'value "1.5" is not a number' }] });
    const custom = spec({ type: 'number', validation: [rule({ min: 1, minDisabled: false, max: 16, maxDisabled: false, error: '{value} not in {min}..{max}' })] });
    expect(resolveParameter(custom, '20', undefined)).toMatchObject({ ok: false, diagnostics: [{ detail: '20 not in 1..16' }] });
    const onlyMax = spec({ type: 'number', default: '-5', validation: [rule({ max: 0, maxDisabled: false })] });
    expect(resolveParameter(onlyMax, undefined, undefined)).toEqual({ ok: true, value: '-5', formType: 'input' });
    expect(resolveParameter(spec({ type: 'number', validation: [rule({ min: 1, minDisabled: false })] }), undefined, undefined))
      .toMatchObject({ ok: false, diagnostics: [{ detail: 'value "" is not a number' }] });
  });

  it('compares with the previous value for monotonic rules, only when it is a number', () => {
    const growing = spec({ type: 'number', validation: [rule({ monotonic: 'increasing' })] });
    expect(resolveParameter(growing, '3', '4')).toMatchObject({ ok: false, diagnostics: [{ detail: "parameter value '3' must be equal or greater than previous value: 4" }] });
    expect(resolveParameter(growing, '4', '4')).toMatchObject({ ok: true });
    expect(resolveParameter(growing, '3', 'not-a-number')).toMatchObject({ ok: true });
    const shrinking = spec({ type: 'number', validation: [rule({ monotonic: 'decreasing' })] });
    expect(resolveParameter(shrinking, '5', '4')).toMatchObject({ ok: false, diagnostics: [{ detail: "parameter value '5' must be equal or lower than previous value: 4" }] });
    expect(resolveParameter(spec({ type: 'number', validation: [rule({ monotonic: 'up' })] }), '5', undefined))
      .toMatchObject({ ok: false, diagnostics: [{ detail: 'number monotonicity can be either "increasing" or "decreasing"' }] });
  });

  it('matches regexes and insists on an error message', () => {
    const pattern = spec({ validation: [rule({ regex: '^[a-z]+$', error: 'Lower-case only' })] });
    expect(resolveParameter(pattern, 'abc', undefined)).toMatchObject({ ok: true, value: 'abc' });
    expect(resolveParameter(pattern, 'ABC', undefined)).toMatchObject({
      ok: false, diagnostics: [{ detail: 'Lower-case only (value "ABC" does not match "^[a-z]+$")' }],
    });
    expect(resolveParameter(spec({ validation: [rule({ regex: 'x' })] }), 'x', undefined))
      .toMatchObject({ ok: false, diagnostics: [{ detail: 'an error must be specified with a regex validation' }] });
  });

  it('refuses rules that do not fit the type, and values of the wrong type', () => {
    expect(resolveParameter(spec({ validation: [rule({ min: 1, minDisabled: false })] }), 'a', undefined))
      .toMatchObject({ ok: false, diagnostics: [{ detail: 'a min cannot be specified for a string type' }] });
    expect(resolveParameter(spec({ type: 'bool', validation: [rule()] }), 'yes', undefined))
      .toMatchObject({ ok: false, diagnostics: [{ detail: 'boolean value can be either "true" or "false"' }] });
    expect(resolveParameter(spec({ type: 'number' }), 'ten', undefined))
      .toEqual({ ok: false, diagnostics: [{ summary: 'Parameter value is not of type "number"', detail: '"ten" is not a number' }] });
    expect(resolveParameter(spec({ type: 'number' }), '1e3', undefined)).toMatchObject({ ok: true });
    expect(resolveParameter(spec({ type: 'bool' }), 'T', undefined)).toMatchObject({ ok: true });
    expect(resolveParameter(spec({ type: 'list(string)' }), '[1]', undefined)).toMatchObject({ ok: false });
  });

  it('checks options: unique names and values, typed values', () => {
    const duplicate = spec({ options: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] });
    expect(resolveParameter(duplicate, '1', undefined)).toMatchObject({ ok: false, diagnostics: [{ summary: 'Option names must be unique.', detail: 'multiple options found with the same name "A"' }] });
    const typed = spec({ type: 'number', options: [{ name: 'A', value: 'x' }] });
    expect(resolveParameter(typed, 'x', undefined)).toMatchObject({ ok: false, diagnostics: [{ summary: 'Option "A" with value="x" is not of type "number"' }] });
  });

  it('resolves form types with the truth table', () => {
    expect(resolveFormType('number', 0, 'slider')).toEqual({ optionType: 'number', formType: 'slider' });
    expect(resolveFormType('bool', 0, '')).toEqual({ optionType: 'bool', formType: 'checkbox' });
    expect(resolveFormType('list(string)', 2, 'multi-select')).toEqual({ optionType: 'string', formType: 'multi-select' });
    expect(resolveFormType('number', 2, 'slider')).toEqual({
      error: '"form_type" attribute="slider" is not supported for "type"="number" when options exist, choose one of [radio dropdown]',
    });
  });
});

describe('other rules', () => {
  it('validates app slugs', () => {
    expect(slugError('code-server')).toBeUndefined();
    expect(slugError('Code--server')).toBe('invalid "coder_app" slug, must be a valid hostname ("^[a-z0-9](-?[a-z0-9])*$", cannot contain two consecutive hyphens or start/end with a hyphen): "Code--server"');
  });

  it('shows the access URL as given and derives the port', () => {
    expect(accessUrl({ url: new URL('https://coder.example.com'), rawUrl: 'https://coder.example.com' })).toBe('https://coder.example.com');
    expect(accessUrl({ url: new URL('https://coder.example.com/'), rawUrl: 'https://coder.example.com/' })).toBe('https://coder.example.com/');
    expect(accessPort(new URL('http://coder.example.com'))).toBe(80);
    expect(accessPort(new URL('https://coder.example.com:8443'))).toBe(8443);
  });

  it('checks the shape of script cron schedules', () => {
    expect(checkCron('0 0 22 * * *')).toEqual([[], undefined]);
    expect(checkCron('0 22 * * *')[0]).toHaveLength(1);
    expect(checkCron('* *')[1]).toBe('* * is not a valid cron expression: expected 5 to 6 fields, found 2: [* *]');
  });
});
