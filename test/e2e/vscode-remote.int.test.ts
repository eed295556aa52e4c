// The connection path of Coder's VS Code extension, end to end: a real server, terraform and the
// real agent binary, the CLI as its own process, and the system's OpenSSH with the SSH config
// entries the extension writes (the older `vscodessh` form and the newer `ssh --stdio
// --ssh-host-prefix` form), each with its network-info file.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliConfig } from '../../packages/cli/src/config';
import type { NetworkInfo } from '../../packages/cli/src/network-info';
import { runCli } from '../../packages/cli/src/test-io';
import type { TestServer } from '../support/server';
import { runOpenSsh, startAgentDeployment, type AgentDeployment } from './support/agent-deployment';
import { waitFor } from './support/agent-workspace';

const run = promisify(execFile);
const WARREN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/cli/bin/warren.js');

let server: TestServer;
let owner: Client;
let root: string;
let workspaceId: string;


const sshOptions = ['\tConnectTimeout 0', '\tStrictHostKeyChecking no', '\tUserKnownHostsFile /dev/null', '\tLogLevel ERROR'];
const q = (s: string) => JSON.stringify(s);

let deployment: AgentDeployment;

beforeAll(async () => {
  deployment = await startAgentDeployment('vscode');
  ({ server, owner, root, workspaceId } = deployment);
}, 180_000);

afterAll(() => deployment?.close());

describe("Coder's VS Code extension's connection path", () => {
  it('connects OpenSSH through vscodessh with the token and URL files, and writes the network information', async () => {
    // The extension keeps its own files; no CLI login exists anywhere.
    const storage = mkdtempSync(path.join(os.tmpdir(), 'warren-vscode-storage-'));
    writeFileSync(path.join(storage, 'session'), `${owner.sessionToken}\n`);
    writeFileSync(path.join(storage, 'url'), server.url.origin);
    const net = path.join(storage, 'net');
    const logs = path.join(storage, 'logs');
    const config = path.join(storage, 'ssh_config');
    writeFileSync(
      config,
      [
        'Host coder-vscode--*',
        `\tProxyCommand ${q(process.execPath)} ${q(WARREN)} vscodessh --network-info-dir ${q(net)} --log-dir ${q(logs)} --session-token-file ${q(path.join(storage, 'session'))} --url-file ${q(path.join(storage, 'url'))} --network-info-interval 200ms %h`,
        ...sshOptions,
        '',
      ].join('\n'),
    );
    const session = runOpenSsh(['-F', config, 'coder-vscode--owner--dev', 'echo $((6*7)); sleep 1']);
    const result = await session.done;
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.stdout.trim()).toBe('42');

    const info = JSON.parse(readFileSync(path.join(net, `${session.pid}.json`), 'utf8')) as NetworkInfo;
    expect(info).toMatchObject({ p2p: false, using_coder_connect: false, preferred_derp: expect.stringContaining(server.url.host) });
    expect(info.latency).toBeGreaterThan(0);
    expect(info.download_bytes_sec).toBeGreaterThanOrEqual(0);
    expect(readFileSync(path.join(logs, `${session.pid}.log`), 'utf8')).toContain('connected to owner/dev');
    // The usage counts as VS Code's.
    expect(Date.parse((await owner.workspace(workspaceId)).last_used_at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('connects through `ssh --stdio --ssh-host-prefix` from a different HOME, as newer extensions write it', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'warren-vscode-home-'));
    const globalConfig = path.join(home, 'deployment');
    await new CliConfig(globalConfig).saveLogin(server.url.toString(), owner.sessionToken!);
    const net = path.join(home, 'net');
    const config = path.join(home, 'ssh_config');
    const prefix = `coder-vscode.${server.url.hostname}--`;
    writeFileSync(
      config,
      [
        `Host ${prefix}*`,
        `\tProxyCommand ${q(process.execPath)} ${q(WARREN)} --global-config ${q(globalConfig)} ssh --disable-autostart --stdio --usage-app=vscode --network-info-dir ${q(net)} --log-dir ${q(path.join(home, 'logs'))} --ssh-host-prefix ${prefix} %h`,
        ...sshOptions,
        '',
      ].join('\n'),
    );
    // The session stays open until the test has seen the file, then answers the line it is sent.
    const session = runOpenSsh(['-F', config, `${prefix}owner--dev`, 'read word; echo $word-$(whoami | wc -c)'], undefined, { input: true });
    await waitFor('the network-info file', async () => existsSync(path.join(net, `${session.pid}.json`)));
    session.stdin!.end('reached\n');
    const result = await session.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^reached-\d+/);
    expect(existsSync(path.join(home, 'logs', `${session.pid}.log`))).toBe(true);
  });

  it('refuses a host name it cannot read, and missing files, with sentences', async () => {
    const failed = (e: { stderr: string; code: number }) => e;
    const bad = await run(process.execPath, [WARREN, 'vscodessh', '--network-info-dir', root, '--session-token-file', '/nonexistent/session', '--url-file', '/nonexistent/url', 'coder-vscode--owner--dev']).then(() => ({ stderr: '', code: 0 }), failed);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Could not read the session token from /nonexistent/session');
    const host = await run(process.execPath, [WARREN, 'vscodessh', '--network-info-dir', root, '--session-token-file', '/x', '--url-file', '/y', 'dev']).then(() => ({ stderr: '', code: 0 }), failed);
    expect(host.stderr).toContain('is not a VS Code host name');
    const missing = await runCli(['vscodessh', 'coder-vscode--owner--dev']);
    expect(missing.stderr).toContain('--network-info-dir must be specified');
  });

  it('prints the vscode:// link that opens the workspace, with a new token when asked', async () => {
    const cliConfig = mkdtempSync(path.join(os.tmpdir(), 'warren-vscode-cli-'));
    await new CliConfig(cliConfig).saveLogin(server.url.toString(), owner.sessionToken!);
    const out = await runCli(['--global-config', cliConfig, 'open', 'vscode', 'dev', '/src/project', '--generate-token'], { PATH: process.env.PATH });
    expect(out.code).toBe(0);
    const link = new URL(out.stdout.trim());
    expect(`${link.protocol}//${link.host}${link.pathname}`).toBe('vscode://coder.coder-remote/open');
    expect(Object.fromEntries(link.searchParams)).toMatchObject({ owner: 'owner', workspace: 'dev', folder: '/src/project', url: server.url.origin });
    // The token is a new, working session key.
    const me = await fetch(new URL('/api/v2/users/me', server.url), { headers: { 'Coder-Session-Token': link.searchParams.get('token')! } });
    expect(me.status).toBe(200);
    expect(link.searchParams.get('token')).not.toBe(owner.sessionToken);
  });
});
