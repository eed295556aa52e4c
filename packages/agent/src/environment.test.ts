import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { selfExecutable } from './self-executable';
import { agentVariables, workspaceEnvironment } from './environment';

const manifest = { agent_id: 'a', agent_name: 'main', owner_name: 'alice', workspace_name: 'dev', environment_variables: { GIT_ASKPASS: 'from-template', TEAM: 'x' } };

describe("the workspace processes' environment", () => {
  it("gives them the agent's URL and token and GIT_ASKPASS over the template's, and hides how the agent was configured", () => {
    const base = { PATH: '/usr/bin', CODER_AGENT_TOKEN: 'from-launch', CODER_AGENT_TOKEN_FILE: '/run/token', CODER_AGENT_AUTH: 'token', HOME: '/home/alice' };
    const { env } = workspaceEnvironment(manifest, base, '/bin-dir', { CODER_AGENT_URL: 'https://coder.example/', CODER_AGENT_TOKEN: 'tok', GIT_ASKPASS: '/usr/bin/coder' });
    expect(env).toMatchObject({ CODER_AGENT_URL: 'https://coder.example/', CODER_AGENT_TOKEN: 'tok', GIT_ASKPASS: '/usr/bin/coder', TEAM: 'x', CODER: 'true', PATH: '/bin-dir:/usr/bin' });
    expect(env.CODER_AGENT_TOKEN_FILE).toBeUndefined();
    expect(env.CODER_AGENT_AUTH).toBeUndefined();
  });
});

describe("the agent's variables", () => {
  it('name the agent, and its program as git askpass and ssh wrapper, quoted for the shell', () => {
    expect(agentVariables('https://coder.example', 'tok', "/opt/it's/coder")).toEqual({
      CODER_AGENT_URL: 'https://coder.example/',
      CODER_AGENT_TOKEN: 'tok',
      GIT_ASKPASS: "/opt/it's/coder",
      GIT_SSH_COMMAND: `'/opt/it'\\''s/coder' gitssh --`,
    });
    expect(agentVariables('https://coder.example', 'tok', undefined)).toEqual({ CODER_AGENT_URL: 'https://coder.example/', CODER_AGENT_TOKEN: 'tok' });
  });
});

describe('the executable git runs as GIT_ASKPASS and in GIT_SSH_COMMAND', () => {
  it('is the one binary itself', () => {
    expect(selfExecutable(['/opt/coder'], os.tmpdir())).toBe('/opt/coder');
    expect(selfExecutable(undefined, os.tmpdir())).toBeUndefined();
  });

  it('wraps a program started as several words in a script git can run with the prompt', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'askpass-'));
    const wrapper = selfExecutable(['/bin/sh', '-c', `printf '%s|' "$0" "$@"`, "it's"], dir)!;
    expect(statSync(wrapper).mode & 0o111).not.toBe(0);
    expect(execFileSync(wrapper, ["Username for 'https://github.com': "], { encoding: 'utf8' })).toBe("it's|Username for 'https://github.com': |");
  });
});
