import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@warren/sdk';
import pino from 'pino';
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
