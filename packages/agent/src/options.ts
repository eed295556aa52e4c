/** The agent's option table (flags and Coder's `CODER_AGENT_*` variables) and its parsing. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseDuration, type OptionSpec, type OptionValues } from '@warren/sdk/options';
import type { RunAgentOptions } from './agent';

export const AGENT_OPTIONS: OptionSpec[] = [
  { flag: 'agent-url', env: 'CODER_AGENT_URL', kind: 'string', description: 'URL of the Warren (Coder) deployment the agent connects to.' },
  { flag: 'auth', env: 'CODER_AGENT_AUTH', kind: 'string', default: 'token', description: 'How the agent authenticates: only "token" is supported.' },
  { flag: 'agent-token', env: 'CODER_AGENT_TOKEN', kind: 'string', description: 'The agent token (the `coder_agent` resource\'s token).' },
  { flag: 'agent-token-file', env: 'CODER_AGENT_TOKEN_FILE', kind: 'string', description: 'A file holding the agent token.' },
  { flag: 'log-dir', env: 'CODER_AGENT_LOG_DIR', kind: 'string', default: os.tmpdir(), description: 'Where script output is also written (coder-script-<id>.log).' },
  { flag: 'script-data-dir', env: 'CODER_AGENT_SCRIPT_DATA_DIR', kind: 'string', default: os.tmpdir(), description: 'Where scripts keep data (CODER_SCRIPT_DATA_DIR, CODER_SCRIPT_BIN_DIR).' },
  { flag: 'agent-subsystem', env: 'CODER_AGENT_SUBSYSTEM', kind: 'list', description: 'Subsystems reported to the server (envbox, envbuilder, exectrace).' },
  { flag: 'verbose', env: 'CODER_AGENT_VERBOSE', kind: 'bool', default: 'false', description: 'Log debug messages.' },
  { flag: 'reconnecting-pty-timeout', env: 'CODER_AGENT_RECONNECTING_PTY_TIMEOUT', kind: 'duration', default: '5m', description: 'How long a terminal lives without any client attached.', hidden: true },
];

/** Reads the table's variables from the environment, keyed by flag. */
export function optionValuesFromEnv(env: NodeJS.ProcessEnv = process.env): OptionValues {
  const values: OptionValues = {};
  for (const o of AGENT_OPTIONS) {
    const raw = o.env ? env[o.env] : undefined;
    const v = raw ?? o.default;
    if (v === undefined) continue;
    values[o.flag] = o.kind === 'bool' ? ['1', 'true', 'yes'].includes(v.toLowerCase()) : o.kind === 'list' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v;
  }
  return values;
}

export class AgentOptionError extends Error {}

/** Turns parsed option values into runAgent options; throws a readable error when one is missing. */
export function agentOptionsFromValues(values: OptionValues): RunAgentOptions {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const url = str('agent-url');
  if (!url) throw new AgentOptionError('Set CODER_AGENT_URL (or --agent-url) to the URL of the deployment.');
  const auth = str('auth') ?? 'token';
  if (auth !== 'token') throw new AgentOptionError(`Agent authentication "${auth}" is not supported; use "token".`);
  let token = str('agent-token');
  const tokenFile = str('agent-token-file');
  if (!token && tokenFile) {
    try {
      token = readFileSync(tokenFile, 'utf8').trim();
    } catch (err) {
      throw new AgentOptionError(`The agent token file ${tokenFile} could not be read: ${(err as Error).message}`);
    }
  }
  if (!token) throw new AgentOptionError('Set CODER_AGENT_TOKEN or CODER_AGENT_TOKEN_FILE to the agent token.');
  const subsystems = values['agent-subsystem'];
  const ptyTimeout = str('reconnecting-pty-timeout');
  return {
    url,
    token,
    logDir: str('log-dir'),
    scriptDataDir: str('script-data-dir'),
    subsystems: Array.isArray(subsystems) ? subsystems : typeof subsystems === 'string' ? subsystems.split(',') : [],
    logLevel: values.verbose === true ? 'debug' : 'info',
    reconnectingPtyTimeoutMs: ptyTimeout ? parseDuration(ptyTimeout) : undefined,
  };
}
