// The one `coder` binary as a user and Coder's IDE extensions get it: downloaded from a fresh
// server's /bin (ETag, Content-Length, 304), then, with no Node and no checkout involved, `coder
// login` with a token, `config-ssh` and the system's OpenSSH through it, the VS Code extension's
// `vscodessh` ProxyCommand and `ssh --stdio` from another HOME; the same file runs the workspace's
// agent; install.sh puts it into a prefix under both names.
import { createHash } from 'node:crypto';
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkInfo } from '../../packages/cli/src/network-info';
import type { TestServer } from '../support/server';
import { runOpenSsh, startAgentDeployment, type AgentDeployment } from './support/agent-deployment';
import { waitFor } from './support/agent-workspace';

const run = promisify(execFile);

let server: TestServer;
let owner: Client;
let root: string;
let workspaceId: string;
let coder: string;
let etag: string;

/** The environment of a user's shell: a HOME of its own, and no Node on PATH is needed. */
const userEnv = (home: string) => ({ HOME: home, PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' });
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');


let deployment: AgentDeployment;

beforeAll(async () => {
  deployment = await startAgentDeployment('binary');
  ({ server, owner, root, workspaceId } = deployment);
}, 180_000);

afterAll(() => deployment?.close());

describe('the coder binary at /bin', () => {
  it('lists the builds at /bin/ and serves the binary with its ETag and length, then 304 to If-None-Match', async () => {
    const listing = await fetch(new URL('/bin/', server.url));
    expect(listing.status).toBe(200);
    expect(listing.headers.get('content-type')).toContain('text/html');
    expect(await listing.text()).toContain('<a href="coder-linux-amd64">coder-linux-amd64</a>');

    const res = await fetch(new URL('/bin/coder-linux-amd64', server.url));
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(body.length);
    etag = res.headers.get('etag')!;
    expect(etag).toBe(`"${sha256(body)}"`);
    coder = path.join(root, 'download', 'coder');
    mkdirSync(path.dirname(coder), { recursive: true });
    writeFileSync(coder, body);
    chmodSync(coder, 0o755);

    const again = await fetch(new URL('/bin/coder-linux-amd64', server.url), { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    const other = await fetch(new URL('/bin/coder-linux-amd64', server.url), { headers: { 'If-None-Match': '"something-else"' } });
    expect(other.status).toBe(200);
    await other.body?.cancel();

    const unknown = await fetch(new URL('/bin/coder-plan9-mips', server.url));
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toContain('coder-linux-arm64');
  });

  it('is one file that runs on its own: version as Coder clients read it, and the CLI commands', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'warren-coder-home-'));
    expect((await run(coder, ['--version'], { env: userEnv(home) })).stdout).toMatch(/^Coder v\S+/);
    const json = JSON.parse((await run(coder, ['version', '--output', 'json'], { env: userEnv(home) })).stdout) as { version: string };
    expect(json.version).toBe((await owner.buildInfo()).version);
    expect((await run(coder, ['--help'], { env: userEnv(home) })).stdout).toMatch(/^Usage: coder /);
    const server_ = await run(coder, ['server'], { env: userEnv(home) }).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
    expect(server_.code).toBe(1);
    expect(server_.stderr).toContain('Warren server installation');
    // Its hints name the program as it was called.
    const list = await run(coder, ['list'], { env: userEnv(home) }).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
    expect(list.code).toBe(1);
    expect(list.stderr).toContain("Try logging in using 'coder login <url>'.");
  });

  it('logs in with a token, writes the SSH config, and OpenSSH reaches the workspace through it', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'warren-coder-home-'));
    const env = userEnv(home);
    const login = await run(coder, ['login', server.url.origin, '--token', owner.sessionToken!], { env });
    expect(login.stdout).toContain('owner');
    expect((await run(coder, ['list'], { env })).stdout).toMatch(/\bdev\b/);
    await run(coder, ['config-ssh', '-y'], { env });
    const config = readFileSync(path.join(home, '.ssh', 'config'), 'utf8');
    expect(config).toContain('Host coder.dev');
    expect(config).toContain(`ProxyCommand ${coder} --global-config ${path.join(home, '.config', 'warren')}`);
    const result = await runOpenSsh(['-F', path.join(home, '.ssh', 'config'), 'coder.dev', 'echo $((6*7))'], env).done;
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('42');
  });

  it("runs as the VS Code extension's vscodessh ProxyCommand and writes the network information", async () => {
    const storage = mkdtempSync(path.join(os.tmpdir(), 'warren-coder-vscode-'));
    writeFileSync(path.join(storage, 'session'), `${owner.sessionToken}\n`);
    writeFileSync(path.join(storage, 'url'), server.url.origin);
    const net = path.join(storage, 'net');
    const config = path.join(storage, 'ssh_config');
    writeFileSync(
      config,
      [
        'Host coder-vscode--*',
        `\tProxyCommand "${coder}" vscodessh --network-info-dir "${net}" --log-dir "${path.join(storage, 'logs')}" --session-token-file "${path.join(storage, 'session')}" --url-file "${path.join(storage, 'url')}" --network-info-interval 200ms %h`,
        '\tStrictHostKeyChecking no',
        '\tUserKnownHostsFile /dev/null',
        '\tLogLevel ERROR',
        '',
      ].join('\n'),
    );
    const session = runOpenSsh(['-F', config, 'coder-vscode--owner--dev', 'echo vscode-$((2+3)); sleep 1'], userEnv(storage));
    const result = await session.done;
    expect(result.stdout.trim()).toBe('vscode-5');
    const info = JSON.parse(readFileSync(path.join(net, `${session.pid}.json`), 'utf8')) as NetworkInfo;
    expect(info).toMatchObject({ p2p: false, preferred_derp: expect.stringContaining(server.url.host) });
    expect(info.latency).toBeGreaterThan(0);
  });

  it('runs `ssh --stdio` as a ProxyCommand with --global-config from a different HOME', async () => {
    const loginHome = mkdtempSync(path.join(os.tmpdir(), 'warren-coder-home-'));
    const globalConfig = path.join(loginHome, 'deployment');
    await run(coder, ['--global-config', globalConfig, 'login', server.url.origin, '--token', owner.sessionToken!], { env: userEnv(loginHome) });
    const other = mkdtempSync(path.join(os.tmpdir(), 'warren-coder-other-'));
    const net = path.join(other, 'net');
    const config = path.join(other, 'ssh_config');
    writeFileSync(
      config,
      [
        'Host coder-vscode.test--*',
        `\tProxyCommand "${coder}" --global-config "${globalConfig}" ssh --stdio --network-info-dir "${net}" --ssh-host-prefix coder-vscode.test-- %h`,
        '\tStrictHostKeyChecking no',
        '\tUserKnownHostsFile /dev/null',
        '\tLogLevel ERROR',
        '',
      ].join('\n'),
    );
    // The session stays open until the test has seen the file, then answers the line it is sent.
    const session = runOpenSsh(['-F', config, 'coder-vscode.test--owner--dev', 'read n; echo from-$((n+2))'], userEnv(other), { input: true });
    await waitFor('the network-info file', async () => existsSync(path.join(net, `${session.pid}.json`)));
    session.stdin!.end('40\n');
    const result = await session.done;
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('from-42');
  });

  it("is the file the workspace's agent runs", async () => {
    const pid = readFileSync(path.join(root, workspaceId, 'agent.pid'), 'utf8').trim();
    const exe = readlinkSync(`/proc/${pid}/exe`);
    expect(`"${sha256(readFileSync(exe))}"`).toBe(etag);
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toContain('agent');
  });

  it('installs through install.sh into a prefix, as coder and warren', async () => {
    const script = await fetch(new URL('/install.sh', server.url));
    expect(script.status).toBe(200);
    const text = await script.text();
    expect(text).toContain(`URL='${server.url.origin}'`);
    const prefix = mkdtempSync(path.join(os.tmpdir(), 'warren-coder-prefix-'));
    const home = mkdtempSync(path.join(os.tmpdir(), 'warren-coder-home-'));
    const child = spawn('sh', ['-s', '--', '--prefix', prefix], { env: userEnv(home), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end(text);
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    expect(out).toContain(`as ${prefix}/bin/coder`);
    expect(lstatSync(path.join(prefix, 'bin', 'warren')).isSymbolicLink()).toBe(true);
    expect((await run(path.join(prefix, 'bin', 'coder'), ['version'], { env: userEnv(home) })).stdout).toMatch(/^Coder v/);
    expect((await run(path.join(prefix, 'bin', 'warren'), ['--help'], { env: userEnv(home) })).stdout).toMatch(/^Usage: warren /);
  });
});
