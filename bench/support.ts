import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, SESSION_TOKEN_HEADER, type Workspace } from '@warren/sdk';
import pino from 'pino';
import WebSocket from 'ws';
import { daemonLoopFactory } from '../packages/provisionerd/src/index';
import { resolveServerConfig, startServer, type RunningServer } from '../packages/server/src/index';

export interface BenchServer {
  server: RunningServer;
  owner: Client;
  organizationId: string;
}

/** A real server on the built-in database in a fresh folder, with an owner logged in. */
export async function startBenchServer(flags: Record<string, string> = {}): Promise<BenchServer> {
  const config = resolveServerConfig({
    'http-address': '127.0.0.1:0',
    'global-config': mkdtempSync(path.join(os.tmpdir(), 'warren-bench-')),
    // Benches drive thousands of requests a minute from one user: no API rate limit unless asked.
    'api-rate-limit': '-1',
    ...flags,
  });
  const server = await startServer(config, pino({ level: 'warn' }), {
    provisionerDaemonLoop: daemonLoopFactory(path.join(config.configDir, 'provisioners')),
  });
  const anon = new Client(server.url);
  const credentials = { email: 'bench@example.com', username: 'bench', password: 'Bench-Passw0rd-123!' };
  const first = await anon.createFirstUser(credentials);
  const { session_token } = await anon.login(credentials.email, credentials.password);
  return { server, owner: new Client(server.url, { sessionToken: session_token }), organizationId: first.organization_id };
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function report(name: string, samplesMs: number[]): void {
  const fmt = (n: number) => `${n.toFixed(0)} ms`;
  console.log(`${name.padEnd(40)} n=${samplesMs.length}  median ${fmt(percentile(samplesMs, 50))}  p95 ${fmt(percentile(samplesMs, 95))}  min ${fmt(Math.min(...samplesMs))}  max ${fmt(Math.max(...samplesMs))}`);
}

export async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000, stepMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/**
 * Follows a workspace's event stream (`GET /workspaces/{id}/watch`, server-sent events): `onChange`
 * sees the workspace at once and after every change, until it returns a value (resolved) or throws.
 */
export async function watchWorkspace<T>(client: Client, id: string, onChange: (w: Workspace) => T | undefined, timeoutMs = 60_000): Promise<T> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`timed out watching workspace ${id}`)), timeoutMs);
  try {
    const res = await fetch(client.watchWorkspaceUrl(id), { headers: { [SESSION_TOKEN_HEADER]: client.sessionToken! }, signal: abort.signal });
    if (!res.ok || !res.body) throw new Error(`watching workspace ${id}: HTTP ${res.status}`);
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const frame = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = /^event: (.*)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (event === 'error') throw new Error(`workspace stream error: ${data}`);
        if (event !== 'data' || !data) continue;
        const result = onChange(JSON.parse(data) as Workspace);
        if (result !== undefined) return result;
      }
    }
    throw new Error(`the event stream of workspace ${id} ended`);
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

/** Follows a job's logs over the WebSocket until the job completes (the server closes the socket). */
export function followJobLogs(client: Client, kind: 'templateversions' | 'workspacebuilds', id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(client.followLogsUrl(kind, id));
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

function terraformRun(cwd: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [args[0]!, '-no-color', '-input=false', ...args.slice(1)], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`terraform ${args[0]} failed: ${stderr}`))));
  });
}

export interface TerraformFloor {
  /** One plan + apply, in milliseconds. */
  sample(): Promise<number>;
  close(): void;
}

/** Terraform's own floor here: plan (to a file) then apply of an empty configuration, timed per sample. */
export async function terraformFloor(): Promise<TerraformFloor> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warren-bench-floor-'));
  writeFileSync(path.join(dir, 'main.tf'), '');
  writeFileSync(path.join(dir, 'terraformrc'), 'disable_checkpoint = true\n');
  const env = { TF_CLI_CONFIG_FILE: path.join(dir, 'terraformrc') };
  await terraformRun(dir, ['init'], env);
  return {
    async sample() {
      const started = performance.now();
      await terraformRun(dir, ['plan', '-out=tfplan'], env);
      await terraformRun(dir, ['apply', '-auto-approve', 'tfplan'], env);
      return performance.now() - started;
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
