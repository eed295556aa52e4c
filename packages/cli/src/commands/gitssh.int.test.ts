// `gitssh` as every workspace's GIT_SSH_COMMAND: real git cloning over SSH from Debian's OpenSSH
// server, which takes only the workspace owner's Git SSH key (from the server, with the agent's
// token). Skips with one line when sshd is not installed, unless WARREN_REQUIRE_SSHD=1 (CI).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellQuote, selfExecutable } from '../../../agent/src/self-executable';
import { acquire, agent, importTemplate, resource, startDaemon } from '../../../server/src/jobs/daemon.testkit';
import type { ServerProvisionerDaemonApi } from '../../../server/src/jobs/daemon-api';
import { startTestServer, withOwner, type TestServer } from '../../../../test/support/server';
import { selfCommand } from '../self';

const SSHD = '/usr/sbin/sshd';
const sshdMissing = existsSync(SSHD) ? undefined : `${SSHD} is not installed (Debian's openssh-server)`;
if (sshdMissing && process.env.WARREN_REQUIRE_SSHD === '1') throw new Error(`WARREN_REQUIRE_SSHD=1 but ${sshdMissing}.`);

const work = mkdtempSync(path.join(os.tmpdir(), 'gitssh-'));
let server: TestServer;
let daemon: ServerProvisionerDaemonApi;
let sshd: ChildProcess;
let port: number;
let agentEnv: Record<string, string>;
let repo: string;

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port: free } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return free;
}

/** An OpenSSH server on a loopback port whose one authorized key is `publicKey`. */
async function startSshd(publicKey: string): Promise<void> {
  const hostKey = path.join(work, 'host_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  writeFileSync(path.join(work, 'authorized_keys'), `${publicKey.trim()}\n`, { mode: 0o600 });
  port = await freePort();
  const config = path.join(work, 'sshd_config');
  writeFileSync(
    config,
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${path.join(work, 'authorized_keys')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'UsePAM no',
      'PidFile none',
      '',
    ].join('\n'),
  );
  mkdirSync('/run/sshd', { recursive: true });
  sshd = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(() => resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('sshd did not start listening');
}

/** `git clone` over SSH as a workspace's process runs it: GIT_SSH_COMMAND is `<this program> gitssh --`. */
function cloneOverSsh(into: string, viaGitssh: boolean) {
  const noHostCheck = '-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes';
  const sshCommand = viaGitssh ? `${shellQuote(selfExecutable(selfCommand(), work)!)} gitssh -- ${noHostCheck}` : `ssh -o IdentitiesOnly=yes -o IdentityFile=/dev/null ${noHostCheck}`;
  // Not spawnSync: the server answering gitssh runs in this process.
  const git = spawn('git', ['clone', '-q', `ssh://${os.userInfo().username}@127.0.0.1:${port}${repo}`, into], {
    env: { ...process.env, ...agentEnv, GIT_SSH_COMMAND: sshCommand },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  git.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ status: number | null; stderr: string }>((resolve) => git.once('exit', (status) => resolve({ status, stderr })));
}

beforeAll(async () => {
  if (sshdMissing) return;
  server = await startTestServer();
  const { client: owner, organizationId } = await withOwner(server);
  daemon = await startDaemon(server.ctx, organizationId);
  const { templateId } = await importTemplate(owner, daemon, organizationId, 'ssh');
  await owner.createUserWorkspace('me', { name: 'dev', template_id: templateId });
  const agentToken = crypto.randomUUID();
  const job = await acquire(daemon);
  await daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [resource('dev', [agent('main', agentToken)])] } });
  agentEnv = { CODER_AGENT_URL: server.url.toString(), CODER_AGENT_TOKEN: agentToken };
  // The owner's key, as `warren publickey` shows it, is the only one the SSH server takes.
  await startSshd((await owner.request<{ public_key: string }>('GET', '/api/v2/users/me/gitsshkey')).public_key);
  repo = path.join(work, 'repo.git');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', repo]);
  const source = path.join(work, 'source');
  execFileSync('git', ['clone', '-q', repo, source]);
  writeFileSync(path.join(source, 'README'), 'cloned over ssh\n');
  const identity = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
  execFileSync('sh', ['-c', 'git add README && git commit -qm first && git push -q origin main'], { cwd: source, env: identity });
});
afterAll(async () => {
  sshd?.kill();
  await daemon?.close();
  await server?.close();
});

describe.skipIf(sshdMissing)('gitssh, the workspace’s GIT_SSH_COMMAND', () => {
  it("clones with the owner's Git SSH key, which the SSH server takes and ssh alone does not have", async () => {
    const refused = await cloneOverSsh(path.join(work, 'without'), false);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('Permission denied (publickey)');

    const cloned = await cloneOverSsh(path.join(work, 'with'), true);
    expect([cloned.status, cloned.stderr]).toEqual([0, expect.any(String)]);
    expect(readFileSync(path.join(work, 'with', 'README'), 'utf8')).toBe('cloned over ssh\n');
  }, 90_000);
});
