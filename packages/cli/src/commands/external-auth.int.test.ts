// Inside a workspace, with the agent's URL and token as the agent gives them: `external-auth
// access-token`, and real git cloning over HTTP with this CLI as GIT_ASKPASS: the owner is shown
// where to authenticate, the clone waits, and goes on with the token once the owner has linked
// their account at a real OAuth server (npm oidc-provider).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SESSION_TOKEN_COOKIE } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfExecutable } from '../../../agent/src/self-executable';
import { acquire, agent, importTemplate, resource, startDaemon } from '../../../server/src/jobs/daemon.testkit';
import type { ServerProvisionerDaemonApi } from '../../../server/src/jobs/daemon-api';
import { startGitHttpServer, type GitHttpServer } from '../../../../test/support/git-http-server';
import { externalAuthEnv, signIn, startTestIdp, type TestIdp } from '../../../../test/support/oidc-provider';
import { startTestServer, withOwner, type TestServer } from '../../../../test/support/server';
import { NOT_IN_WORKSPACE } from '../agent-client';
import { selfCommand } from '../self';
import { runCli, startCli } from '../test-io';

let idp: TestIdp;
let server: TestServer;
let daemon: ServerProvisionerDaemonApi;
let git: GitHttpServer;
let ownerToken: string;
let organizationId: string;
let agentEnv: Record<string, string>;
const work = mkdtempSync(path.join(os.tmpdir(), 'external-auth-cli-'));

const link = () => signIn(`${server.url.origin}/external-auth/corp-git/callback`, idp, undefined, { [SESSION_TOKEN_COOKIE]: ownerToken });

/** `git clone` of the test repository with this CLI as its askpass; resolves with its exit code and stderr. */
function gitClone(url: string, into: string): { done: Promise<{ code: number | null; stderr: string }>; stderr: () => string } {
  const askpass = selfExecutable(selfCommand(), work)!;
  const child = spawn('git', ['clone', '-q', url, into], { env: { ...process.env, ...agentEnv, GIT_ASKPASS: askpass, GIT_TERMINAL_PROMPT: '0' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { done: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr }))), stderr: () => stderr };
}

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  idp = await startTestIdp();
  // The git server takes only tokens the OAuth server accepts.
  git = await startGitHttpServer(async (user) => user !== '' && (await fetch(`${idp.issuer}/me`, { headers: { Authorization: `Bearer ${user}` } })).status === 200);
  server = await startTestServer({ env: externalAuthEnv(idp, { REGEX: git.hostRegex }) });
  idp.allowRedirects([`${server.url.origin}/external-auth/corp-git/callback`]);
  const first = await withOwner(server);
  const owner = first.client;
  organizationId = first.organizationId;
  ownerToken = owner.sessionToken!;
  daemon = await startDaemon(server.ctx, organizationId);
  const { templateId } = await importTemplate(owner, daemon, organizationId, 'git', [], [{ id: 'corp-git', optional: true }]);
  await owner.createUserWorkspace('me', { name: 'dev', template_id: templateId });
  const agentToken = crypto.randomUUID();
  const job = await acquire(daemon);
  await daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [resource('dev', [agent('main', agentToken)])] } });
  agentEnv = { CODER_AGENT_URL: server.url.toString(), CODER_AGENT_TOKEN: agentToken };
});
afterAll(async () => {
  await daemon?.close();
  await server?.close();
  git?.close();
  await idp?.close();
});

describe('external auth inside a workspace', () => {
  it('prints where to authenticate, exiting 1, before the owner has linked an account', async () => {
    const res = await runCli(['external-auth', 'access-token', 'corp-git'], agentEnv);
    expect([res.code, res.stdout, res.stderr]).toEqual([1, `${server.url.origin}/external-auth/corp-git`, '']);
    const outside = await runCli(['external-auth', 'access-token', 'corp-git'], {});
    expect([outside.code, outside.stderr]).toEqual([1, `error: ${NOT_IN_WORKSPACE}\n`]);
  });

  it('has git wait for the owner to authenticate, then clone with the token', async () => {
    const clone = gitClone(git.url, path.join(work, 'clone'));
    await until(() => clone.stderr().includes('/external-auth/corp-git'), 'the askpass to show the URL');
    expect(clone.stderr()).toContain(`Open the following URL to authenticate with Git:\n${server.url.origin}/external-auth/corp-git`);
    await link();
    const { code, stderr } = await clone.done;
    expect([code, stderr]).toEqual([0, expect.stringContaining("You've been authenticated with Git!")]);
    expect(readFileSync(path.join(work, 'clone', 'README'), 'utf8')).toBe(git.readme);
  }, 60_000);

  it('prints the token once linked, which the provider accepts', async () => {
    const res = await runCli(['external-auth', 'access-token', 'corp-git'], agentEnv);
    expect(res.code).toBe(0);
    expect((await fetch(`${idp.issuer}/me`, { headers: { Authorization: `Bearer ${res.stdout}` } })).status).toBe(200);
    const extra = await runCli(['external-auth', 'access-token', 'corp-git', '--extra', 'authed_user'], agentEnv);
    expect([extra.code, extra.stderr]).toEqual([1, 'error: no extra properties found for token\n']);
  });

  it("leaves a URL no provider matches to git's own prompting", async () => {
    // The same repository under another host name, which the provider's regex does not cover.
    const elsewhere = git.url.replace('127.0.0.1', 'localhost');
    const clone = gitClone(elsewhere, path.join(work, 'elsewhere'));
    const { code, stderr } = await clone.done;
    expect(code).not.toBe(0);
    expect(stderr).toContain('Coder was unable to handle this git request. The default git behavior will be used instead.');
    expect(stderr).toContain(`No matching external auth provider found in Coder for the url "${new URL(elsewhere).origin}".`);
  }, 30_000);
});

describe('creating a workspace from the CLI', () => {
  it('asks the owner to link a provider the template needs, waits, then creates', async () => {
    const owner = server.client(ownerToken);
    await owner.deleteExternalAuth('corp-git'); // linked by the tests above
    await importTemplate(owner, daemon, organizationId, 'needs-git', [], [{ id: 'corp-git', optional: false }]);
    const cli = startCli(['create', 'dev2', '-t', 'needs-git', '-y'], { CODER_URL: server.url.toString(), CODER_SESSION_TOKEN: ownerToken });
    // The CLI polls the template version's external auth while the owner links the account.
    await until(() => cli.stdout().includes('You must authenticate'), 'the CLI to ask for the link');
    await link();
    const job = await acquire(daemon);
    await daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [] } });
    const { code, stdout } = await cli.done;
    expect(code).toBe(0);
    expect(stdout).toContain(`You must authenticate with corp to create a workspace with this template. Visit:\n\n\t${server.url.origin}/external-auth/corp-git\n`);
    expect(stdout).toContain('Successfully authenticated with corp!');
    expect(stdout).toContain('The dev2 workspace has been created');
  }, 60_000);
});
