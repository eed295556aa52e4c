// External auth end to end, as a template uses it: the owner links an account at a real OAuth server
// (npm oidc-provider); a workspace from a template with `data "coder_external_auth"` gets the token
// in terraform (real terraform and the coder provider), and its real agent, the one binary downloaded
// by the init script, is git's askpass: the startup script clones over HTTP from a server that only
// takes tokens the OAuth server accepts, and asks the binary for the token.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SESSION_TOKEN_COOKIE } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain script without types
import { ensureAgent } from '../../scripts/ensure-agent.mjs';
import { startGitHttpServer, type GitHttpServer } from '../support/git-http-server';
import { externalAuthEnv, signIn, startTestIdp, type TestIdp } from '../support/oidc-provider';
import { startTestServer, withOwner, type TestServer } from '../support/server';
import { killPidFile, pushAgentTemplate, startAgentWorkspace } from './support/agent-workspace';

let idp: TestIdp;
let git: GitHttpServer;
let server: TestServer;
let root: string;
let workspaceId: string;

const accepted = async (token: string) => token !== '' && (await fetch(`${idp.issuer}/me`, { headers: { Authorization: `Bearer ${token}` } })).status === 200;

beforeAll(async () => {
  (ensureAgent as (force?: boolean) => boolean)();
  idp = await startTestIdp();
  git = await startGitHttpServer((user) => accepted(user));
  server = await startTestServer({ daemons: 1, env: externalAuthEnv(idp, { REGEX: git.hostRegex }) });
  idp.allowRedirects([`${server.url.origin}/external-auth/corp-git/callback`]);
  const { client: owner, organizationId } = await withOwner(server);
  idp.next = { sub: 'dev-1', email: 'dev@corp.example' };
  await signIn(`${server.url.origin}/external-auth/corp-git/callback`, idp, undefined, { [SESSION_TOKEN_COOKIE]: owner.sessionToken! });
  root = mkdtempSync(path.join(os.tmpdir(), 'warren-external-auth-'));
  const templateId = await pushAgentTemplate(owner, organizationId, root, 'git', {
    startupScript: `git clone -q ${git.url} repo\n"$GIT_ASKPASS" external-auth access-token corp-git > agent-token\nprintf '%s\\n' "$GIT_ASKPASS" "$GIT_SSH_COMMAND" > git-env`,
    extraResources: `
data "coder_external_auth" "git" {
  id = "corp-git"
}

resource "terraform_data" "build_token" {
  input = data.coder_external_auth.git.access_token
  provisioner "local-exec" {
    command     = "printf %s \\"$TOKEN\\" > ${root}/build-token"
    environment = { TOKEN = self.input }
  }
}
`,
  });
  workspaceId = (await startAgentWorkspace(owner, templateId, 'dev')).workspace.id;
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (workspaceId) killPidFile(path.join(root, workspaceId, 'agent.pid'));
  git?.close();
  await idp?.close();
});

describe('a workspace using its owner’s external auth', () => {
  it('clones through the agent’s askpass, and has the token in terraform and from the binary', async () => {
    const home = path.join(root, workspaceId, 'home');
    expect(readFileSync(path.join(home, 'repo', 'README'), 'utf8')).toBe(git.readme);
    const fromAgent = readFileSync(path.join(home, 'agent-token'), 'utf8');
    const fromBuild = readFileSync(path.join(root, 'build-token'), 'utf8');
    expect(fromAgent).toBe(fromBuild);
    expect(await accepted(fromAgent)).toBe(true);
    // The same binary is the workspace's ssh wrapper for git (gitssh, tested with OpenSSH in packages/cli).
    const [askpass, sshCommand] = readFileSync(path.join(home, 'git-env'), 'utf8').split('\n');
    expect(askpass).toMatch(/\/coder$/);
    expect(sshCommand).toBe(`'${askpass}' gitssh --`);
  });
});
