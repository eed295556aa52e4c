// The diagnostic and account commands of the CLI against a real server, a built-in provisioner
// daemon running real terraform and a real agent binary: ping, speedtest, show, stat (run inside
// the workspace over ssh), publickey (and the agent's key route), netcheck and logout.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SESSION_TOKEN_HEADER, type Client, type GitSSHKey, type WorkspaceAgent } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliConfig } from '../../packages/cli/src/config';
import { runCli } from '../../packages/cli/src/test-io';
// @ts-expect-error a plain script without types
import { ensureAgent } from '../../scripts/ensure-agent.mjs';
import { OWNER, startTestServer, withOwner, type TestServer } from '../support/server';
import { killPidFile, pushAgentTemplate, startAgentWorkspace } from './support/agent-workspace';

const WARREN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/cli/bin/warren.js');

let server: TestServer;
let owner: Client;
let root: string;
let cliConfig: string;
let workspaceId: string;
let agent: WorkspaceAgent;
const cli = (...argv: string[]) => runCli(['--global-config', cliConfig, ...argv]);

beforeAll(async () => {
  (ensureAgent as (force?: boolean) => boolean)();
  server = await startTestServer({ daemons: 1 });
  let orgId: string;
  ({ client: owner, organizationId: orgId } = await withOwner(server));
  root = mkdtempSync(path.join(os.tmpdir(), 'warren-cli-cmds-'));
  cliConfig = mkdtempSync(path.join(os.tmpdir(), 'warren-cli-cmds-cfg-'));
  await new CliConfig(cliConfig).saveLogin(server.url.toString(), owner.sessionToken!);
  const templateId = await pushAgentTemplate(owner, orgId, root, 'with-agent');
  const started = await startAgentWorkspace(owner, templateId, 'dev');
  workspaceId = started.workspace.id;
  agent = started.agent;
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (workspaceId) killPidFile(path.join(root, workspaceId, 'agent.pid'));
});

const agentPid = () => Number(readFileSync(path.join(root, workspaceId, 'agent.pid'), 'utf8').trim());

describe('warren ping', () => {
  it('prints a pong per echo through the server and a summary', async () => {
    const res = await cli('ping', 'dev', '-n', '3', '--wait', '10ms');
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n');
    const host = server.url.host;
    for (const line of lines.slice(0, 3)) expect(line).toMatch(new RegExp(`^pong from dev proxied via Warren\\(${host.replace(/\./g, '\\.')}\\) in (0s|\\d+ms|\\d+(\\.\\d+)?s)$`));
    expect(lines[3]).toMatch(/^-+$/);
    expect(lines[4]).toMatch(/^WORKSPACE\s+TOTAL\s+SUCCESSFUL\s+MIN\s+AVG\s+MAX\s+VARIANCE$/);
    expect(lines[5]).toMatch(/^dev\s+3\s+3\s+\S+\s+\S+\s+\S+\s+\S+$/);
    expect(res.stderr).toContain('You are connected through the Warren server');
  });

  it('stamps pongs with --utc', async () => {
    const res = await cli('ping', 'dev', '-n', '1', '--utc');
    expect(res.stdout).toMatch(/^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\] pong from dev /);
  });

  it('reports a timeout for every ping the agent does not answer', async () => {
    // A stopped agent process cannot echo: the pings must time out, not be answered by the server.
    process.kill(-agentPid(), 'SIGSTOP');
    try {
      const res = await cli('ping', 'dev', '-n', '2', '-t', '300ms', '--wait', '0s');
      expect(res.code).toBe(0);
      expect(res.stdout.split('\n').slice(0, 2)).toEqual(['ping to "dev" timed out', 'ping to "dev" timed out']);
      expect(res.stdout).toMatch(/\ndev\s+2\s+0\s*\n/);
    } finally {
      process.kill(-agentPid(), 'SIGCONT');
    }
    expect((await cli('ping', 'dev', '-n', '1')).stdout).toMatch(/^pong from dev /);
  });

  it('validates its flags and the workspace', async () => {
    expect((await cli('ping', 'dev', '-n', 'three')).stderr).toContain('--num "three" must be a whole number');
    expect((await cli('ping', 'dev', '--wait', 'soon')).stderr).toContain("'--wait <duration>' argument 'soon' is invalid. \"soon\" is not a duration");
    expect((await cli('ping', 'dev', '-t', '0s')).stderr).toContain('--timeout must be at least');
    const missing = await cli('ping', 'nope', '-n', '1');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .+/);
  });
});

describe('warren speedtest', () => {
  it('measures a download as Coder tabulates it', async () => {
    const res = await cli('speedtest', 'dev', '-t', '2s');
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('Starting a 2s download test...');
    const lines = res.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^INTERVAL\s+THROUGHPUT$/);
    expect(lines[1]).toMatch(/^0\.00-1\.00 sec\s+\d+\.\d{4} Mbits\/sec$/);
    expect(lines.at(-2)).toMatch(/^-+$/);
    expect(lines.at(-1)).toMatch(/^0\.00-\d\.\d\d sec\s+\d+\.\d{4} Mbits\/sec$/);
  });

  it('measures uploads at the agent and answers JSON in Coder shape', async () => {
    for (const direction of ['up', 'down']) {
      const res = await cli('speedtest', 'dev', '--direction', direction, '-t', '1500ms', '-o', 'json');
      expect(res.code).toBe(0);
      const result = JSON.parse(res.stdout) as { overall: { start_time_seconds: number; end_time_seconds: number; throughput_mbits: number }; intervals: unknown[] };
      expect(result.overall.start_time_seconds).toBe(0);
      expect(result.overall.end_time_seconds).toBeGreaterThan(1);
      expect(result.overall.end_time_seconds).toBeLessThan(3);
      expect(result.overall.throughput_mbits).toBeGreaterThan(1);
      expect(result.intervals).toHaveLength(1);
    }
  });

  it('shows only the columns asked for and refuses what Warren cannot do', async () => {
    const res = await cli('speedtest', 'dev', '-t', '200ms', '-c', 'throughput');
    expect(res.stdout.split('\n')[0]).toBe('THROUGHPUT');
    expect((await cli('speedtest', 'dev', '--direction', 'sideways')).stderr).toContain('--direction "sideways" must be "up" or "down".');
    expect((await cli('speedtest', 'dev', '-d')).stderr).toContain('no direct connection to wait for');
    expect((await cli('speedtest', 'dev', '--pcap-file', 'x.pcap')).stderr).toContain('--pcap-file is not available');
    expect((await cli('speedtest', 'dev', '-t', '10m')).stderr).toContain('--time may be at most 5m0s.');
    expect((await cli('speedtest', 'dev', '-c', 'jitter')).stderr).toContain('Unknown column "jitter"');
  });
});

describe('warren show', () => {
  it("draws the workspace's resources and agents with the ports they listen on", async () => {
    const res = await cli('show', 'dev');
    expect(res.code).toBe(0);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^┌─+┐$/);
    expect(lines[1]).toMatch(/^│ RESOURCE\s+STATUS\s+HEALTH\s+VERSION\s+ACCESS\s+│$/);
    expect(lines.at(-1)).toMatch(/^└─+┘$/);
    expect(new Set(lines.map((l) => [...l].length)).size).toBe(1);
    const agentLine = lines.find((l) => l.includes('└─ main (linux, amd64)'))!;
    expect(agentLine).toMatch(/⦿ connected\s+✔ healthy\s+v0\.1\.0\+warren\s+warren ssh dev\s+│$/);
    expect(lines.some((l) => /│ terraform_data\.agent\s+│/.test(l))).toBe(true);
    // The agent lists the TCP ports listening on its machine: the test server's is one of them.
    expect(res.stdout).toContain('─ Open Ports');
    expect(res.stdout).toMatch(new RegExp(`─ +${server.url.port}/tcp`));
    const json = JSON.parse((await cli('show', 'dev', '-o', 'json')).stdout) as { id: string };
    expect(json.id).toBe(workspaceId);
    expect((await cli('show', 'dev', '-o', 'yaml')).stderr).toContain('Unknown output format "yaml"');
  });
});

describe('warren stat inside the workspace', () => {
  it('measures the workspace it runs in', async () => {
    const home = path.join(root, workspaceId, 'home');
    const res = await cli('ssh', 'dev', '--', `${process.execPath} ${WARREN} stat -o json`);
    expect(res.stderr).toBe('');
    const [row] = JSON.parse(res.stdout) as Array<Record<string, { total: number | null; unit: string; used: number } | null>>;
    expect(row!.host_cpu).toMatchObject({ total: os.availableParallelism(), unit: 'cores' });
    expect(row!.host_memory!.total).toBe(os.totalmem());
    const fs = statfsSync(home);
    expect(row!.home_disk!.total).toBe(fs.blocks * fs.bsize);
    const mem = await cli('ssh', 'dev', '--', `${process.execPath} ${WARREN} stat mem --host --prefix Mi`);
    expect(mem.stdout).toMatch(/^\d+(\.\d+)?\/\d+(\.\d+)? MiB \(\d+%\)\n$/);
  });
});

describe('warren publickey', () => {
  it("prints the user's key, regenerates it with --reset, and gives the pair to the workspace's agent", async () => {
    const res = await cli('publickey');
    expect(res.code).toBe(0);
    const { public_key } = await owner.request<GitSSHKey>('GET', '/api/v2/users/me/gitsshkey');
    expect(res.stdout).toBe(
      `This is your public key for using git in Warren. All clones with SSH will be authenticated automatically 🪄.\n\n${public_key.trim()}\n\nAdd to GitHub and GitLab:\n> https://github.com/settings/ssh/new\n> https://gitlab.com/-/profile/keys\n`,
    );
    expect((await cli('publickey', '--reset')).stderr).toContain('Missing --yes');
    const reset = await cli('pubkey', '--reset', '--yes');
    expect(reset.code).toBe(0);
    const after = await owner.request<GitSSHKey>('GET', '/api/v2/users/me/gitsshkey');
    expect(after.public_key).not.toBe(public_key);
    expect(reset.stdout).toContain(after.public_key.trim());

    const { rows } = await server.ctx.db.query<{ auth_token: string }>('SELECT auth_token FROM workspace_agents WHERE id = $1', [agent.id]);
    const pair = (await (await fetch(new URL('/api/v2/workspaceagents/me/gitsshkey', server.url), { headers: { [SESSION_TOKEN_HEADER]: rows[0]!.auth_token } })).json()) as { public_key: string; private_key: string };
    expect(pair.public_key).toBe(after.public_key);
    const file = path.join(root, 'id_ed25519');
    writeFileSync(file, pair.private_key, { mode: 0o600 });
    expect(execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' }).trim()).toBe(after.public_key.trim());
    expect((await fetch(new URL('/api/v2/workspaceagents/me/gitsshkey', server.url), { headers: { [SESSION_TOKEN_HEADER]: owner.sessionToken! } })).status).toBe(401);
  });
});

describe('warren netcheck', () => {
  it('reports the HTTP and WebSocket path to the server as JSON', async () => {
    const res = await cli('netcheck');
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('Gathering a network report. This may take a few seconds...\n\n');
    const report = JSON.parse(res.stdout) as {
      relay: { healthy: boolean; severity: string; http: { reachable: boolean; status_code: number; samples_ms: number[]; latency_ms: number }; websocket: { reachable: boolean; status_code: number; samples_ms: number[] } };
      interfaces: { interfaces: Array<{ name: string; addresses: string[] }> };
    };
    expect(report.relay).toMatchObject({ healthy: true, severity: 'ok', http: { reachable: true, status_code: 200 }, websocket: { reachable: true, status_code: 101 } });
    expect(report.relay.http.samples_ms).toHaveLength(5);
    expect(report.relay.websocket.samples_ms).toHaveLength(5);
    expect(report.relay.http.latency_ms).toBeGreaterThan(0);
    expect(report.interfaces.interfaces.find((i) => i.name === 'lo')?.addresses).toContain('127.0.0.1/8');
  });

  it('reports an unreachable server as an error', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const res = await cli('--url', `http://127.0.0.1:${closedPort}`, 'netcheck');
    const report = JSON.parse(res.stdout) as { relay: { healthy: boolean; severity: string; error: string; http: { reachable: boolean } } };
    expect(report.relay).toMatchObject({ healthy: false, severity: 'error', http: { reachable: false } });
    expect(report.relay.error).toMatch(/ECONNREFUSED/);
  });
});

describe('warren logout', () => {
  it('ends the session on the server and forgets it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'warren-logout-'));
    const { session_token } = await server.client().login(OWNER.email, OWNER.password);
    await new CliConfig(dir).saveLogin(server.url.toString(), session_token);
    expect((await runCli(['--global-config', dir, 'logout'])).stderr).toContain('Missing --yes');
    const res = await runCli(['--global-config', dir, 'logout', '--yes']);
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout).toBe(`You are no longer logged in. You can log in using 'warren login ${server.url.toString().replace(/\/$/, '')}'.\n`);
    expect((await server.client(session_token).raw('GET', '/api/v2/users/me')).status).toBe(401);
    expect(await new CliConfig(dir).session()).toBeUndefined();
  });
});
