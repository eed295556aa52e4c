// The workspace agent end to end: real terraform starts the real agent binary (downloaded from the
// server by the init script), and users reach it through the server with the CLI, OpenSSH and the
// web-terminal route.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SESSION_TOKEN_HEADER, type Client, type WorkspaceAgent } from '@warren/sdk';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnTerminal } from '../../packages/agent/src/pty-backend';
import { CliConfig } from '../../packages/cli/src/config';
import { runCli } from '../../packages/cli/src/test-io';
// @ts-expect-error a plain script without types
import { ensureAgent } from '../../scripts/ensure-agent.mjs';
import { startTestServer, withOwner, type TestServer } from '../support/server';
import { killPidFile, pushAgentTemplate, startAgentWorkspace, waitFor } from './support/agent-workspace';

const run = promisify(execFile);
const WARREN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/cli/bin/warren.js');

let server: TestServer;
let owner: Client;
let member: Client;
let root: string;
let cliConfig: string;
let workspaceId: string;
let agent: WorkspaceAgent;
const children: ChildProcess[] = [];
const cli = (...argv: string[]) => runCli(['--global-config', cliConfig, ...argv]);

beforeAll(async () => {
  (ensureAgent as (force?: boolean) => boolean)();
  server = await startTestServer({ daemons: 1 });
  let orgId: string;
  ({ client: owner, organizationId: orgId } = await withOwner(server));
  await owner.createUser({ email: 'member@example.com', username: 'member', password: 'An0ther-Secret-Passw0rd!' });
  member = server.client((await server.client().login('member@example.com', 'An0ther-Secret-Passw0rd!')).session_token);
  root = mkdtempSync(path.join(os.tmpdir(), 'warren-agent-e2e-'));
  cliConfig = mkdtempSync(path.join(os.tmpdir(), 'warren-agent-cli-'));
  await new CliConfig(cliConfig).saveLogin(server.url.toString(), owner.sessionToken!);
  const templateId = await pushAgentTemplate(owner, orgId, root, 'with-agent');
  const started = await startAgentWorkspace(owner, templateId, 'dev');
  workspaceId = started.workspace.id;
  agent = started.agent;
}, 180_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  if (workspaceId) killPidFile(path.join(root, workspaceId, 'http.pid'));
  await server?.close();
  if (workspaceId) killPidFile(path.join(root, workspaceId, 'agent.pid'));
});

describe('a workspace with a real agent', () => {
  it('connects, runs its startup script and reports logs and metadata', async () => {
    expect(agent).toMatchObject({ status: 'connected', lifecycle_state: 'ready', version: expect.stringContaining('warren') });
    expect(agent.first_connected_at).toBeTruthy();
    expect(agent.ready_at).toBeTruthy();
    const logs = await waitFor('startup logs', async () => {
      const l = await owner.request<Array<{ id: number; output: string; source_id: string }>>('GET', `/api/v2/workspaceagents/${agent.id}/logs`);
      return l.some((x) => x.output.includes('hello from the startup script')) && l;
    });
    expect(logs[0]!.source_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await owner.request('GET', `/api/v2/workspaceagents/${agent.id}/logs?after=${logs[logs.length - 1]!.id}`)).toEqual([]);
    const metadata = await waitFor('metadata in the workspace', async () => {
      const w = await owner.workspace(workspaceId);
      const a = w.latest_build.resources.flatMap((r) => r.agents ?? [])[0] as WorkspaceAgent & { metadata: Array<{ description: { key: string }; result: { value: string } }> };
      return a.metadata.find((m) => m.result.value.includes('metadata-says-hi'));
    });
    expect(metadata.description.key).toBe('greeting');
  });

  it('times the build: terraform stages and resources, the startup script run, the first connection', async () => {
    const build = (await owner.workspace(workspaceId)).latest_build;
    const timings = await waitFor('the startup script timing', async () => {
      const t = await owner.workspaceBuildTimings(build.id);
      return t.agent_script_timings.length > 0 && t;
    });
    expect(timings.agent_script_timings).toEqual([
      expect.objectContaining({ stage: 'start', status: 'ok', exit_code: 0, workspace_agent_id: agent.id, workspace_agent_name: 'main' }),
    ]);
    expect(timings.agent_connection_timings).toEqual([
      expect.objectContaining({ stage: 'connect', workspace_agent_id: agent.id, ended_at: agent.first_connected_at }),
    ]);
    expect(timings.provisioner_timings.map((t) => t.resource)).toEqual(
      expect.arrayContaining(['coder_stage_init', 'coder_stage_plan', 'coder_stage_apply', 'coder_stage_graph', 'coder_agent.main', 'terraform_data.agent[0]']),
    );
  });

  it('keeps other users and other tokens out', async () => {
    const other = await member.raw('GET', `/api/v2/workspaceagents/${agent.id}`);
    expect(other.status).toBe(404);
    expect((await member.raw('GET', `/api/v2/workspaceagents/${agent.id}/logs`)).status).toBe(404);
    expect((await member.raw('GET', `/api/v2/workspaceagents/${agent.id}/pty?reconnect=${randomUUID()}`)).status).toBe(404);
    const manifest = (token: string) => fetch(new URL('/api/v2/workspaceagents/me/manifest', server.url), { headers: { [SESSION_TOKEN_HEADER]: token } });
    expect((await manifest(randomUUID())).status).toBe(401);
    expect((await manifest(owner.sessionToken!)).status).toBe(401);
    const { rows } = await server.ctx.db.query<{ auth_token: string }>('SELECT auth_token FROM workspace_agents WHERE id = $1', [agent.id]);
    const mine = await manifest(rows[0]!.auth_token);
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({ agent_id: agent.id, workspace_id: workspaceId, owner_name: 'owner' });
    // An agent token is no session: it opens none of the user-facing routes.
    expect((await fetch(new URL(`/api/v2/workspaceagents/${agent.id}`, server.url), { headers: { [SESSION_TOKEN_HEADER]: rows[0]!.auth_token } })).status).toBe(401);
  });

  it('runs commands over ssh with their output and exit codes', async () => {
    const hi = await cli('ssh', 'dev', '--', 'echo', 'hi');
    expect(hi).toMatchObject({ code: 0, stdout: 'hi\n' });
    const failing = await cli('ssh', 'dev', '-e', 'GREETING=howdy', '--', 'echo $GREETING $WARREN_TEST; echo oops >&2; exit 7');
    expect(failing).toMatchObject({ code: 7, stdout: 'howdy yes\n', stderr: 'oops\n' });
    const missing = await cli('ssh', 'nope', '--', 'true');
    expect(missing.code).not.toBe(0);
  });

  it('opens an interactive shell in a terminal, with resizes and the exit code', async () => {
    const term = await spawnTerminal({ file: process.execPath, args: [WARREN, '--global-config', cliConfig, 'ssh', 'dev'], cwd: root, env: { ...process.env, TERM: 'xterm' }, cols: 80, rows: 24 });
    let screen = '';
    term.onData((d) => (screen += d.toString()));
    const exited = new Promise<number>((resolve) => term.onExit((code) => resolve(code)));
    await waitFor('a prompt', async () => screen.length > 0, 30_000);
    term.write('echo answer-$((6*7))\r');
    await waitFor('the command output', async () => screen.includes('answer-42'));
    term.resize(100, 30);
    await new Promise((r) => setTimeout(r, 200));
    term.write('stty size\r');
    await waitFor('the new window size', async () => screen.includes('30 100'));
    term.write('exit 3\r');
    expect(await exited).toBe(3);
  });

  it('serves OpenSSH through config-ssh and copies files with scp (SFTP)', async () => {
    const sshConfig = path.join(root, 'ssh_config');
    writeFileSync(sshConfig, 'Host example\n\tUser someone\n');
    expect((await cli('config-ssh', '--ssh-config-file', sshConfig, '--dry-run')).stdout).toContain('Host warren.dev');
    expect(readFileSync(sshConfig, 'utf8')).not.toContain('warren.dev');
    expect((await cli('config-ssh', '--ssh-config-file', sshConfig, '-y')).code).toBe(0);
    const once = readFileSync(sshConfig, 'utf8');
    expect((await cli('config-ssh', '--ssh-config-file', sshConfig, '-y')).stdout).toContain('up to date');
    expect(readFileSync(sshConfig, 'utf8')).toBe(once);
    expect(once.match(/Host warren\.dev\n/g)).toHaveLength(1);
    expect(once.startsWith('Host example\n')).toBe(true);

    const out = await run('ssh', ['-F', sshConfig, 'warren.dev', 'echo', 'via-openssh', '$WARREN_TEST'], { timeout: 30_000 }).catch((e: { stderr: string }) => { throw new Error(e.stderr); });
    expect(out.stdout).toBe('via-openssh yes\n');
    const local = path.join(root, 'payload.bin');
    const payload = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 7919) & 0xff;
    writeFileSync(local, payload);
    await run('scp', ['-F', sshConfig, local, 'warren.dev:copied.bin'], { timeout: 60_000 });
    const copied = readFileSync(path.join(root, workspaceId, 'home', 'copied.bin'));
    expect(copied.length).toBe(payload.length);
    expect(copied.equals(payload)).toBe(true);
    const back = path.join(root, 'back.bin');
    await run('scp', ['-F', sshConfig, 'warren.dev:copied.bin', back], { timeout: 60_000 });
    expect(readFileSync(back).equals(payload)).toBe(true);
  });

  it('forwards local ports to a server in the workspace and lists it as listening', async () => {
    const remotePort = await freePort();
    const home = path.join(root, workspaceId, 'home');
    writeFileSync(path.join(home, 'server.js'), `require('http').createServer((q, s) => s.end('hello from the workspace')).listen(${remotePort}, '127.0.0.1');`);
    const started = await cli('ssh', 'dev', '--', "setsid sh -c 'echo $$ > ../http.pid; exec node server.js' > /dev/null 2>&1 < /dev/null &");
    expect(started.code).toBe(0);
    const ports = await waitFor('the listening port', async () => {
      const r = await owner.request<{ ports: Array<{ port: number; network: string }> }>('GET', `/api/v2/workspaceagents/${agent.id}/listening-ports`);
      return r.ports.some((p) => p.port === remotePort) && r;
    });
    expect(ports.ports.every((p) => p.network === 'tcp' && p.port >= 9)).toBe(true);

    const [a, b] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, [WARREN, '--global-config', cliConfig, 'port-forward', 'dev', '--tcp', `${a}:${remotePort}`, '--tcp', `127.0.0.1:${b}:${remotePort}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await waitFor('port-forward to listen', async () => output.includes('Ready'), 30_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${output}`);
    });
    for (const port of [a, b, a]) expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('hello from the workspace');
    child.kill('SIGINT');
  });

  it('keeps a terminal across reconnects and replays its screen', async () => {
    const reconnect = randomUUID();
    const open = () => terminal(agent.id, reconnect);
    const first = await open();
    first.ws.send(Buffer.from(JSON.stringify({ data: 'echo marker-$((6*7))\r' })));
    await waitFor('the terminal output', async () => first.output().includes('marker-42'));
    first.ws.close();
    const second = await open();
    await waitFor('the replayed screen', async () => second.output().includes('marker-42'));
    second.ws.send(Buffer.from(JSON.stringify({ height: 30, width: 100 })));
    second.ws.send(Buffer.from(JSON.stringify({ data: 'stty size\r' })));
    await waitFor('the new size', async () => second.output().includes('30 100'));
    second.ws.close();
  });

  it('reports the agent off after the workspace stops', async () => {
    const stop = await owner.createWorkspaceBuild(workspaceId, { transition: 'stop' });
    await waitFor('the stop build', async () => (await owner.workspaceBuild(stop.id)).status === 'stopped', 60_000);
    const after = await owner.request<WorkspaceAgent>('GET', `/api/v2/workspaceagents/${agent.id}`);
    expect(after.lifecycle_state).toBe('off');
    expect(after.status).toBe('disconnected');
    const { rows } = await server.ctx.db.query<{ auth_token: string }>('SELECT auth_token FROM workspace_agents WHERE id = $1', [agent.id]);
    const stale = await fetch(new URL('/api/v2/workspaceagents/me/manifest', server.url), { headers: { [SESSION_TOKEN_HEADER]: rows[0]!.auth_token } });
    expect(stale.status).toBe(401);
  });
});

async function terminal(agentId: string, reconnect: string) {
  const url = new URL(`/api/v2/workspaceagents/${agentId}/pty?reconnect=${reconnect}&width=80&height=24`, server.url);
  url.protocol = 'ws:';
  const ws = new WebSocket(url, { headers: { [SESSION_TOKEN_HEADER]: owner.sessionToken! } });
  let text = '';
  ws.on('message', (d: Buffer) => (text += d.toString()));
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  return { ws, output: () => text };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
