// The environment the coder provider reads its inputs from (CODER_WORKSPACE_*, CODER_PARAMETER_*,
// CODER_AGENT_SCRIPT_*, ...), with the real provider's helper semantics: "optional" treats an empty
// value as unset; "required" only insists while a workspace build runs (CODER_WORKSPACE_BUILD_ID set).
import { createHash } from 'node:crypto';

export type Env = Readonly<Record<string, string | undefined>>;

export class EnvReader {
  constructor(readonly env: Env) {}

  /** The value when the variable exists, even empty (Go's os.LookupEnv). */
  lookup(name: string): string | undefined {
    return Object.hasOwn(this.env, name) ? this.env[name] : undefined;
  }

  /** The value, or `fallback` when unset or empty. */
  optional(name: string, fallback = ''): string {
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  /** The value; during a workspace build a missing or empty value is an error message instead. */
  required(name: string): { value: string } | { error: string } {
    const value = this.env[name] ?? '';
    if (value === '' && (this.env.CODER_WORKSPACE_BUILD_ID ?? '') !== '') return { error: `${name} is required` };
    return { value };
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export const parameterVariable = (name: string) => `CODER_PARAMETER_${sha256Hex(name)}`;
export const previousParameterVariable = (name: string) => `CODER_PARAMETER_PREVIOUS_${sha256Hex(name)}`;
/** A prebuilt workspace's running agent token; the provider always asks with agent id "". */
export const runningAgentTokenVariable = (agentId: string) => `CODER_RUNNING_WORKSPACE_AGENT_TOKEN_${sha256Hex(agentId)}`;
