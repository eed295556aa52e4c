// Agents across restarts, with real processes: the server SIGKILLed and started again while an agent,
// a web terminal and an SSH session are connected (the agent comes back by itself, the terminal
// resumes with its reconnect id and replays its screen, the SSH session ends with an error and a new
// one works), then the agent SIGKILLed and started again (the API shows it disconnected, then
// connected and ready).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SESSION_TOKEN_HEADER, type WorkspaceAgent } from '@warren/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { agentOf, agentTemplate, killPidFile } from '../e2e/support/agent-workspace';
import { createTestDatabase } from '../support/database';
import { dumpOutput, report, startDeployment, waitUntil, WarrenProcess, type Deployment } from './support';

let dep: Deployment;
let root: string;
let workspaceId: string;
let agentId: string;
const reconnect = randomUUID();

beforeAll(async () => {
  dep = await startDeployment({ postgresUrl: await createTestDatabase(), env: { CODER_PROVISIONER_DAEMONS: '1' } });
  root = path.join(dep.work, 'workspaces');
  const templateDir = path.join(dep.work, 'agent-template');
  mkdirSync(templateDir, { recursive: true });
  writeFileSync(path.join(templateDir, 'main.tf'), agentTemplate(root));
  const push = await dep.warren(['templates', 'push', 'agent', '-d', templateDir, '-y']);
  if (push.code !== 0) throw new Error(`templates push failed:\n${push.output}`);
  const template = await dep.owner.templateByName('default', 'agent');
  const created = await dep.owner.createUserWorkspace('me', { name: 'dev', template_id: template.id });
  workspaceId = created.id;
  const agent = await waitUntil('the agent to be connected and ready', async () => {
    const a = agentOf(await dep.owner.workspace(workspaceId));
    return a?.status === 'connected' && a.lifecycle_state === 'ready' ? a : undefined;
  }, 90_000);
  agentId = agent.id;
}, 240_000);

afterEach((t) => {
  if (t.task.result?.state === 'fail') dumpOutput(dep);
});
afterAll(async () => {
  if (workspaceId) killPidFile(path.join(root, workspaceId, 'agent.pid'));
  await dep?.stopAll();
});

const agentNow = () => dep.owner.request<WorkspaceAgent>('GET', `/api/v2/workspaceagents/${agentId}`);

async function terminal() {
  const url = new URL(`/api/v2/workspaceagents/${agentId}/pty?reconnect=${reconnect}&width=80&height=24`, dep.url);
  url.protocol = 'ws:';
  const ws = new WebSocket(url, { headers: { [SESSION_TOKEN_HEADER]: dep.ownerToken } });
  let text = '';
  ws.on('message', (d: Buffer) => (text += d.toString()));
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  return { ws, output: () => text, type: (line: string) => ws.send(Buffer.from(JSON.stringify({ data: `${line}\r` }))) };
}

const sshSession = (command: string) =>
  new WarrenProcess(['--global-config', path.join(dep.work, 'cli'), 'ssh', 'dev', '--', command], { CODER_URL: dep.url, CODER_SESSION_TOKEN: dep.ownerToken });

describe('agents across restarts', () => {
  it('brings the agent back after a server SIGKILL, resumes the terminal with its screen, and ends the SSH session cleanly', async () => {
    const term = await terminal();
    term.type('echo before-restart-$((6*7))');
    await waitUntil('the terminal to echo', async () => (term.output().includes('before-restart-42') ? true : undefined), 30_000);
    const ssh = sshSession('echo ssh-ready; sleep 600');
    await ssh.waitFor(/ssh-ready/, 30_000);

    const killedAt = Date.now();
    dep.server.killGroup();
    await dep.server.exited;
    // The SSH session does not hang: it ends with an error once its server is gone.
    const sshCode = await Promise.race([ssh.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000))]);
    expect(sshCode, ssh.output).not.toBe('hung');
    expect(sshCode).not.toBe(0);
    report('server SIGKILL: SSH session ended', Date.now() - killedAt);
    await new Promise((r) => term.ws.readyState === WebSocket.CLOSED ? r(undefined) : term.ws.once('close', r));

    await dep.startServer();
    const listeningAt = Date.now();
    report('server SIGKILL: restart until listening', listeningAt - killedAt);
    const back = await waitUntil('the agent to reconnect', async () => {
      const a = await agentNow().catch(() => undefined);
      return a?.status === 'connected' && a.last_connected_at && Date.parse(a.last_connected_at) >= killedAt ? a : undefined;
    }, 60_000);
    const agentBackMs = Date.now() - listeningAt;
    report('server SIGKILL: agent connected again after the server listens', agentBackMs);
    expect(back.lifecycle_state).toBe('ready');
    expect(agentBackMs).toBeLessThan(5_000);

    const resumed = await terminal();
    await waitUntil('the replayed screen', async () => (resumed.output().includes('before-restart-42') ? true : undefined), 30_000);
    resumed.type('echo after-restart-$((6*7))');
    await waitUntil('the resumed terminal to echo', async () => (resumed.output().includes('after-restart-42') ? true : undefined), 30_000);
    resumed.ws.close();

    const again = await dep.warren(['ssh', 'dev', '--', 'echo', 'ssh-again']);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain('ssh-again');
  }, 180_000);

  it('shows a SIGKILLed agent disconnected, then connected and ready once it starts again', async () => {
    const dir = path.join(root, workspaceId);
    const pid = Number(readFileSync(path.join(dir, 'agent.pid'), 'utf8').trim());
    // The agent's environment as the template started it (its token among it), to start it again the same way.
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
    const env = Object.fromEntries(environ.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
    expect(env.CODER_AGENT_TOKEN).toBeTruthy();

    const killedAt = Date.now();
    killPidFile(path.join(dir, 'agent.pid'));
    const gone = await waitUntil('the agent to show disconnected', async () => {
      const a = await agentNow();
      return a.status === 'disconnected' ? a : undefined;
    }, 60_000);
    report('agent SIGKILL: shown disconnected', Date.now() - killedAt);
    expect(gone.disconnected_at).toBeTruthy();

    const restartedAt = Date.now();
    const child = spawn('sh', ['-c', 'echo $$ > agent.pid; exec sh init.sh'], { cwd: dir, env, detached: true, stdio: 'ignore' });
    child.unref();
    const ready = await waitUntil('the agent to be connected and ready again', async () => {
      const a = await agentNow();
      return a.status === 'connected' && a.lifecycle_state === 'ready' && a.last_connected_at && Date.parse(a.last_connected_at) >= restartedAt ? a : undefined;
    }, 60_000);
    report('agent restart: connected and ready', Date.now() - restartedAt);
    expect(Date.parse(ready.last_connected_at!)).toBeGreaterThanOrEqual(restartedAt);

    const ssh = await dep.warren(['ssh', 'dev', '--', 'echo', 'after-agent-restart']);
    expect(ssh.code, ssh.output).toBe(0);
    expect(ssh.output).toContain('after-agent-restart');
  }, 180_000);
});
