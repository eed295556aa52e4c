// Real processes for the fault suite: `warren server` and `warren provisioner start` as children
// (detached, so a kill of the group takes terraform with them), a template whose apply sleeps, and
// timing helpers that print how long a recovery took.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, type WorkspaceBuild } from '@warren/sdk';
import { runWarren, waitUntil, WarrenProcess } from '../../packages/cli/src/process.testkit';
import { freePort } from '../support/pg15';

export { waitUntil, WarrenProcess };

/** terraform_data runs offline; its local-exec sleeps $SLEEP_SECONDS and prints a line a second. */
export const SLOW_TEMPLATE = `terraform {}
resource "terraform_data" "dev" {
  provisioner "local-exec" {
    command = "i=0; while [ $i -lt $\${SLEEP_SECONDS:-0} ]; do echo tick-$i; i=$((i+1)); sleep 1; done"
  }
}
`;

export const OWNER = { email: 'owner@example.com', username: 'owner', password: 'Sup3r-Secret-Passw0rd!' };

export interface Deployment {
  work: string;
  port: number;
  url: string;
  server: WarrenProcess;
  processes: WarrenProcess[];
  owner: Client;
  ownerToken: string;
  /** Starts (or restarts) `warren server` with the deployment's flags and waits for its listener. */
  startServer(extraEnv?: Record<string, string>): Promise<WarrenProcess>;
  /** An external provisioner daemon authenticated with the deployment's pre-shared key. */
  startDaemon(name: string, env?: Record<string, string>): Promise<WarrenProcess>;
  warren(args: string[]): Promise<{ code: number | null; output: string }>;
  /** Pushes `templateDir` as template `name` through the CLI. */
  pushTemplate(name: string): Promise<void>;
  stopAll(): Promise<void>;
}

export const PSK = 'fault-suite-psk';

/** A server process on `postgresUrl` (embedded when undefined) with the owner created. */
export async function startDeployment(options: { postgresUrl?: string; env?: Record<string, string>; configDir?: string }): Promise<Deployment> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'warren-faults-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const templateDir = path.join(work, 'template');
  mkdirSync(templateDir, { recursive: true });
  writeFileSync(path.join(templateDir, 'main.tf'), SLOW_TEMPLATE);
  const processes: WarrenProcess[] = [];
  const dep = {
    work,
    port,
    url,
    processes,
    ownerToken: '',
  } as Deployment;
  dep.startServer = async (extraEnv = {}) => {
    const args = ['server', '--http-address', `127.0.0.1:${port}`, '--global-config', options.configDir ?? path.join(work, 'server')];
    if (options.postgresUrl) args.push('--postgres-url', options.postgresUrl);
    const p = new WarrenProcess(args, { CODER_PROVISIONER_DAEMON_PSK: PSK, ...options.env, ...extraEnv }, { detached: true });
    processes.push(p);
    dep.server = p;
    await p.waitFor(/Started HTTP listener/, 90_000);
    return p;
  };
  dep.startDaemon = async (name, env = {}) => {
    const p = new WarrenProcess(['provisioner', 'start', '--name', name, '--psk', PSK, '--cache-dir', path.join(work, 'cache')], { CODER_URL: url, ...env }, { detached: true });
    processes.push(p);
    await p.waitFor(/successfully connected to coderd/, 60_000);
    return p;
  };
  dep.warren = (args) => runWarren(['--global-config', path.join(work, 'cli'), ...args], { CODER_URL: url, CODER_SESSION_TOKEN: dep.ownerToken });
  dep.pushTemplate = async (name) => {
    const res = await dep.warren(['templates', 'push', name, '-d', templateDir, '-y']);
    if (res.code !== 0) throw new Error(`templates push failed:\n${res.output}`);
  };
  dep.stopAll = async () => {
    for (const p of [...processes].reverse()) {
      p.killGroup();
      await p.stop('SIGKILL');
    }
  };
  await dep.startServer();
  const anon = new Client(url);
  await anon.createFirstUser(OWNER);
  dep.ownerToken = (await anon.login(OWNER.email, OWNER.password)).session_token;
  dep.owner = new Client(url, { sessionToken: dep.ownerToken });
  return dep;
}

/** Waits for a build's job to finish (succeeded, failed or canceled). */
export function finished(client: Client, buildId: string, timeoutMs = 120_000): Promise<WorkspaceBuild> {
  return waitUntil(
    `build ${buildId} to finish`,
    async () => {
      const b = await client.workspaceBuild(buildId).catch(() => undefined);
      return b?.job.completed_at ? b : undefined;
    },
    timeoutMs,
  );
}

/** Prints a measured recovery so the run's output carries the figure docs/reliability.md quotes. */
export function report(what: string, ms: number): void {
  console.log(`[fault] ${what}: ${(ms / 1000).toFixed(1)} s`);
}

/** Dumps the output of every process of a deployment (for a failed test). */
export function dumpOutput(dep: Deployment | undefined): void {
  for (const p of dep?.processes ?? []) console.log(`--- ${p.child.spawnargs.slice(2, 6).join(' ')}\n${p.output.slice(-3000)}`);
}
