/**
 * The API client of commands that run inside a workspace on its agent's behalf (`external-auth`,
 * git's askpass): the agent's URL and token, which the agent gives every process it starts
 * (CODER_AGENT_URL, CODER_AGENT_TOKEN), or a token file.
 */
import { readFileSync } from 'node:fs';
import { Client } from '@warren/sdk';
import { CliError } from './io';

export const NOT_IN_WORKSPACE = 'No agent token found, this command must be run from inside a running workspace.';

export function agentClientFrom(env: Record<string, string | undefined>): Client {
  let token = env.CODER_AGENT_TOKEN;
  if (!token && env.CODER_AGENT_TOKEN_FILE) {
    try {
      token = readFileSync(env.CODER_AGENT_TOKEN_FILE, 'utf8').trim();
    } catch (err) {
      throw new CliError(`Could not read the agent token file ${env.CODER_AGENT_TOKEN_FILE}: ${(err as Error).message}`);
    }
  }
  if (!token) throw new CliError(NOT_IN_WORKSPACE);
  const url = env.CODER_AGENT_URL;
  if (!url) throw new CliError('CODER_AGENT_URL is not set: this command must be run from inside a running workspace.');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`CODER_AGENT_URL "${url}" is not a URL.`);
  }
  return new Client(parsed, { sessionToken: token });
}
