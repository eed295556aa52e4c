// What `warren ssh` and `warren port-forward` carry beyond a session, end to end: a real server,
// terraform, the real agent binary, the CLI as a process and the system's OpenSSH, ssh-agent and
// gpg. The workspace's startup script blocks login until the test releases it, so the --wait
// cases are decided by order, not by time.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliConfig } from '../../packages/cli/src/config';
import { runCli } from '../../packages/cli/src/test-io';
// @ts-expect-error a plain script without types
import { ensureAgent } from '../../scripts/ensure-agent.mjs';
import { startTestServer, withOwner, type TestServer } from '../support/server';
import { killPidFile, pushAgentTemplate, startAgentWorkspace, waitFor } from './support/agent-workspace';

const run = promisify(execFile);
const WARREN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/cli/bin/warren.js');

const STARTUP = `echo startup-begins
while [ ! -f release ]; do sleep 0.1; done
echo startup-finished > startup-done
echo startup-ends`;

let server: TestServer;
let owner: Client;
let root: string;
let home: string;
let cliConfig: string;
let workspaceId: string;
let authSock: string;
let fingerprint: string;
const children: ChildProcess[] = [];
const cli = (argv: string[], env: Record<string, string | undefined> = {}) => runCli(['--global-config', cliConfig, ...argv], { PATH: process.env.PATH, ...env });

/** The CLI as its own process, with its output collected. */
function spawnCli(argv: string[], env: Record<string, string | undefined> = {}) {
  const child = spawn(process.execPath, [WARREN, '--global-config', cliConfig, ...argv], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  (ensureAgent as (force?: boolean) => boolean)();
  server = await startTestServer({ daemons: 1 });
  let orgId: string;
  ({ client: owner, organizationId: orgId } = await withOwner(server));
  root = mkdtempSync(path.join(os.tmpdir(), 'warren-fwd-e2e-'));
  cliConfig = mkdtempSync(path.join(os.tmpdir(), 'warren-fwd-cli-'));
  await new CliConfig(cliConfig).saveLogin(server.url.toString(), owner.sessionToken!);
  const templateId = await pushAgentTemplate(owner, orgId, root, 'forwarding', { startupScript: STARTUP, startupScriptBehavior: 'blocking' });
  const started = await startAgentWorkspace(owner, templateId, 'dev', 'connected');
  workspaceId = started.workspace.id;
  home = path.join(root, workspaceId, 'home');

  authSock = path.join(root, 'agent.sock');
  children.push(spawn('ssh-agent', ['-D', '-a', authSock], { stdio: 'ignore' }));
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'client-key@warren-test', '-f', path.join(root, 'id')]);
  await waitFor('the ssh-agent socket', async () => existsSync(authSock));
  await run('ssh-add', [path.join(root, 'id')], { env: { ...process.env, SSH_AUTH_SOCK: authSock } });
  fingerprint = (await run('ssh-keygen', ['-l', '-f', path.join(root, 'id.pub')])).stdout.split(' ')[1]!;
}, 180_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  if (root) await run('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: path.join(root, 'gnupg') } }).catch(() => undefined);
  await server?.close();
  if (workspaceId) killPidFile(path.join(root, workspaceId, 'agent.pid'));
});

describe('warren ssh --wait', () => {
  it('waits for blocking startup scripts with --wait=yes and auto, not with --wait=no or --no-wait', async () => {
    const notYet = '[ -f startup-done ] && cat startup-done || echo not-yet';
    try {
      expect(await cli(['ssh', '--wait=no', 'dev', '--', notYet])).toMatchObject({ code: 0, stdout: 'not-yet\n' });
      expect(await cli(['ssh', '--no-wait', 'dev', '--', notYet])).toMatchObject({ code: 0, stdout: 'not-yet\n' });
      expect(await cli(['ssh', 'dev', '--', notYet], { CODER_SSH_WAIT: 'no' })).toMatchObject({ code: 0, stdout: 'not-yet\n' });
      const waiting = [spawnCli(['ssh', '--wait=yes', 'dev', '--', notYet]), spawnCli(['ssh', 'dev', '--', notYet])];
      for (const w of waiting) {
        await waitFor('the startup stage', async () => w.stderr().includes('==> ⧗ Running workspace agent startup scripts\n'), 30_000);
      }
      // Still waiting: the script cannot finish before the release file exists.
      expect(waiting.map((w) => w.stdout())).toEqual(['', '']);
      writeFileSync(path.join(home, 'release'), '');
      for (const w of waiting) {
        expect(await w.exited).toBe(0);
        expect(w.stdout()).toBe('startup-finished\n');
        const err = w.stderr();
        expect(err.indexOf('=== ✔ Running workspace agent startup scripts [')).toBeGreaterThan(err.indexOf('==> ⧗ Running workspace agent startup scripts'));
      }
    } finally {
      writeFileSync(path.join(home, 'release'), '');
    }
    // Once ready, nothing is printed before the session.
    expect(await cli(['ssh', '--wait=yes', 'dev', '--', 'cat startup-done'])).toEqual({ code: 0, stdout: 'startup-finished\n', stderr: '' });
    expect((await cli(['ssh', '--wait=maybe', 'dev', '--', 'true'])).stderr).toContain('--wait "maybe" must be one of yes, no or auto.');
  }, 90_000);
});

describe('forwarding through warren ssh and port-forward', () => {
  beforeAll(async () => {
    writeFileSync(path.join(home, 'release'), '');
    await waitFor('the startup script to finish', async () => {
      const w = await owner.workspace(workspaceId);
      return w.latest_build.resources.flatMap((r) => r.agents ?? [])[0]?.lifecycle_state === 'ready';
    }, 60_000);
  }, 90_000);

  it('forwards the local ssh-agent with -A (and CODER_SSH_FORWARD_AGENT), not without', async () => {
    const withA = await cli(['ssh', '-A', 'dev', '--', 'ssh-add -l'], { SSH_AUTH_SOCK: authSock });
    expect(withA.code).toBe(0);
    expect(withA.stdout).toContain(fingerprint);
    expect(withA.stdout).toContain('client-key@warren-test');
    const viaEnv = await cli(['ssh', 'dev', '--', 'ssh-add -l'], { SSH_AUTH_SOCK: authSock, CODER_SSH_FORWARD_AGENT: 'true' });
    expect(viaEnv.stdout).toContain(fingerprint);
    const identity = await cli(['ssh', '-A', '--identity-agent', authSock, 'dev', '--', 'ssh-add -l'], {});
    expect(identity.stdout).toContain(fingerprint);
    const without = await cli(['ssh', 'dev', '--', 'ssh-add -l; echo "sock=$SSH_AUTH_SOCK"'], { SSH_AUTH_SOCK: authSock });
    expect(without.stdout).not.toContain(fingerprint);
    expect(without.stdout).toContain('sock=\n');
  });

  it('serves -R ports and sockets in the workspace that reach servers on the client side', async () => {
    const web = http.createServer((_req, res) => res.end('hello from the client side'));
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    const localSock = path.join(root, 'client.sock');
    const unixWeb = http.createServer((_req, res) => res.end('hello over a client socket'));
    await new Promise<void>((r) => unixWeb.listen(localSock, r));
    try {
      const remotePort = await freePort();
      const remoteSock = path.join(home, 'forwarded.sock');
      const webPort = (web.address() as net.AddressInfo).port;
      const res = await cli([
        'ssh', '-R', `${remotePort}:127.0.0.1:${webPort}`, '-R', `${remoteSock}:${localSock}`, 'dev', '--',
        `curl -sS http://127.0.0.1:${remotePort}/; echo; curl -sS --unix-socket ${remoteSock} http://x/`,
      ]);
      expect(res, res.stderr).toMatchObject({ code: 0, stdout: 'hello from the client side\nhello over a client socket' });
      expect((await cli(['ssh', '-R', '8080', 'dev'])).stderr).toContain('remote_port:local_address:local_port');
      expect((await cli(['ssh', '--stdio', '-R', `${remotePort}:127.0.0.1:${webPort}`, 'dev'])).stderr).toContain('cannot be used with --stdio');
    } finally {
      web.close();
      unixWeb.close();
    }
  });

  it('carries OpenSSH -A and -R through warren ssh --stdio', async () => {
    const sshConfig = path.join(root, 'ssh_config');
    expect((await cli(['config-ssh', '--ssh-config-file', sshConfig, '-y'])).code).toBe(0);
    const env = { ...process.env, SSH_AUTH_SOCK: authSock };
    const listed = await run('ssh', ['-F', sshConfig, '-A', 'warren.dev', 'ssh-add -l'], { env, timeout: 30_000 });
    expect(listed.stdout).toContain(fingerprint);

    const web = http.createServer((_req, res) => res.end('reached through OpenSSH -R'));
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    try {
      const remotePort = await freePort();
      const out = await run(
        'ssh',
        ['-F', sshConfig, '-o', 'ExitOnForwardFailure=yes', '-R', `${remotePort}:127.0.0.1:${(web.address() as net.AddressInfo).port}`, 'warren.dev', `curl -sS http://127.0.0.1:${remotePort}/`],
        { env, timeout: 30_000 },
      );
      expect(out.stdout).toBe('reached through OpenSSH -R');
    } finally {
      web.close();
    }
  });

  it('forwards the local gpg-agent with --forward-gpg: the workspace signs with the local key', async () => {
    const gnupg = path.join(root, 'gnupg');
    const env = { ...process.env, GNUPGHOME: gnupg };
    await run('mkdir', ['-m', '700', gnupg]);
    await run('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'Warren Test <gpg@warren.test>', 'ed25519', 'sign', 'never'], { env });
    await run('gpgconf', ['--launch', 'gpg-agent'], { env });
    const res = await cli(['ssh', '--forward-gpg', 'dev', '--', 'echo signed-text | gpg --batch --no-autostart --clearsign && gpg --list-secret-keys'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('-----BEGIN PGP SIGNATURE-----');
    expect(res.stdout).toContain('gpg@warren.test');
    // The signature verifies against the local public key.
    const signed = res.stdout.slice(res.stdout.indexOf('-----BEGIN PGP SIGNED MESSAGE-----'), res.stdout.indexOf('-----END PGP SIGNATURE-----') + 27);
    const verified = await new Promise<string>((resolve, reject) => {
      const gpg = execFile('gpg', ['--batch', '--verify'], { env }, (err, _out, stderr) => (err ? reject(new Error(stderr)) : resolve(stderr)));
      gpg.stdin!.end(signed);
    });
    expect(verified).toContain('Good signature from "Warren Test <gpg@warren.test>"');
  }, 60_000);

  it('forwards UDP datagrams both ways to an echo server in the workspace', async () => {
    const remotePort = await freePort();
    writeFileSync(
      path.join(home, 'udp-echo.js'),
      `const s = require('dgram').createSocket('udp4'); s.on('message', (m, r) => s.send(Buffer.concat([Buffer.from('echo:'), m]), r.port, r.address)); s.bind(${remotePort}, '127.0.0.1');`,
    );
    expect((await cli(['ssh', 'dev', '--', "setsid sh -c 'echo $$ > ../udp.pid; exec node udp-echo.js' > /dev/null 2>&1 < /dev/null &"])).code).toBe(0);
    const [a, b] = [await freePort(), await freePort()];
    const pf = spawnCli(['port-forward', 'dev', '--udp', `${a}:${remotePort}`, '--udp', `127.0.0.1:${b}:${remotePort}`]);
    try {
      await waitFor('port-forward to listen', async () => pf.stdout().includes('Ready'), 30_000);
      expect(pf.stdout()).toContain(`Forwarding 127.0.0.1:${a} (udp) to UDP port ${remotePort} of dev`);
      for (const port of [a, b]) {
        const sock = dgram.createSocket('udp4');
        const got: string[] = [];
        sock.on('message', (m) => got.push(m.toString()));
        await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
        const sizes = [3, 1400, 8000];
        // The echo server may not be listening yet: send until replies come back.
        await waitFor('echoed datagrams', async () => {
          for (const n of sizes) sock.send(Buffer.alloc(n, 'u'), port, '127.0.0.1');
          await new Promise((r) => setTimeout(r, 200));
          return got.length >= sizes.length;
        }, 30_000);
        // Each datagram comes back whole: one reply per datagram, its size preserved.
        expect(new Set(got.map((g) => g.length))).toEqual(new Set(sizes.map((n) => n + 5)));
        expect(got.every((g) => /^echo:u+$/.test(g))).toBe(true);
        sock.close();
      }
    } finally {
      pf.child.kill('SIGINT');
      killPidFile(path.join(root, workspaceId, 'udp.pid'));
    }
  }, 60_000);
});
