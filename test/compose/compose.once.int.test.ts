/**
 * deploy/compose/docker-compose.yaml with the real Docker engine and Debian's docker-compose:
 * PostgreSQL, the Warren server (no built-in provisioner daemons) and two external daemons, one
 * authenticating with a tagged provisioner key, one with the pre-shared key. A template pushed with
 * the key's tag builds through the keyed daemon; an untagged one through the PSK daemon. Skips with
 * one line when no Docker engine (or no docker-compose) answers, unless WARREN_REQUIRE_DOCKER=1.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerForTests, ensureWarrenImages, IMAGE_BUILD_TIMEOUT_MS } from '../support/docker-images';
import { freePort } from '../support/pg15';

const exec = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const COMPOSE_FILE = path.join(ROOT, 'deploy/compose/docker-compose.yaml');
const WARREN = path.join(ROOT, 'packages/cli/bin/warren.js');

async function composeMissing(): Promise<string | undefined> {
  const docker = await dockerForTests();
  if (!docker.ok) return docker.reason;
  try {
    await exec('docker-compose', ['version'], { timeout: 20_000 });
    return undefined;
  } catch {
    const missing = 'docker-compose is not installed (apt-get install docker-compose)';
    if (process.env.WARREN_REQUIRE_DOCKER === '1') throw new Error(`WARREN_REQUIRE_DOCKER=1 but ${missing}`);
    console.warn(`skipping the compose suite: ${missing}`);
    return missing;
  }
}
const missing = await composeMissing();

describe.skipIf(missing !== undefined)('compose: PostgreSQL, Warren and two external provisioner daemons', () => {
  const project = `warren-compose-test-${process.pid}`;
  const psk = randomBytes(16).toString('hex');
  let port = 0;
  let configDir = '';
  const env = (): NodeJS.ProcessEnv => ({ ...process.env, WARREN_PROVISIONER_PSK: psk, WARREN_PORT: String(port), CODER_ACCESS_URL: `http://localhost:${port}` });
  const compose = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    exec('docker-compose', ['--project-name', project, '--file', COMPOSE_FILE, ...args], { env: { ...env(), ...extra }, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
  const warren = async (args: string[]) => {
    const { stdout } = await exec(process.execPath, [WARREN, ...args], { env: { ...process.env, CODER_CONFIG_DIR: configDir }, timeout: 120_000 });
    return stdout;
  };
  const api = async <T>(route: string): Promise<T> => {
    const token = (await readFile(path.join(configDir, 'session'), 'utf8')).trim();
    const res = await fetch(`http://localhost:${port}${route}`, { headers: { 'Coder-Session-Token': token } });
    expect(res.status, route).toBe(200);
    return (await res.json()) as T;
  };
  const logsOnFailure = async () => (await compose(['logs', '--no-color', '--tail', '40']).catch((e: { stdout?: string }) => e)).stdout ?? '';

  beforeAll(async () => {
    await ensureWarrenImages();
    port = await freePort();
    configDir = await mkdtemp(path.join(os.tmpdir(), 'warren-compose-'));
    await compose(['up', '-d', 'database', 'warren']);
    // docker-compose waits for the database's health check; the server's comes after migrations.
    for (let i = 0; ; i += 1) {
      const ok = await fetch(`http://localhost:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      if (i > 240) throw new Error(`the server did not answer /healthz; logs:\n${await logsOnFailure()}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }, IMAGE_BUILD_TIMEOUT_MS + 300_000);

  afterAll(async () => {
    if (port) await compose(['down', '--volumes', '--remove-orphans']).catch(() => undefined);
    if (configDir) await rm(configDir, { recursive: true, force: true });
  }, 120_000);

  it('builds a workspace through the daemon whose provisioner key carries the template\'s tag, and an untagged one through the PSK daemon', async () => {
    await warren(['login', `http://localhost:${port}`, '--first-user-username', 'admin', '--first-user-email', 'admin@example.com', '--first-user-password', 'Compose-test-passw0rd']);
    const created = await warren(['provisioner', 'keys', 'create', 'compose-key', '--tag', 'environment=compose']);
    const key = created.trim().split('\n').pop()!.trim();
    expect(key).toMatch(/^\S{20,}$/);
    await compose(['up', '-d', 'provisioner-key', 'provisioner-psk'], { WARREN_PROVISIONER_KEY: key });

    try {
      const agentless = path.join(ROOT, 'examples/templates/agentless');
      await warren(['templates', 'push', 'tagged', '-d', agentless, '--provisioner-tag', 'environment=compose', '-y']);
      await warren(['templates', 'push', 'plain', '-d', agentless, '-y']);
      await warren(['create', 'on-key', '--template', 'tagged', '-y']);
      await warren(['create', 'on-psk', '--template', 'plain', '-y']);
    } catch (err) {
      throw new Error(`${(err as Error).message}\ncompose logs:\n${await logsOnFailure()}`);
    }

    type Workspace = { id: string; latest_build: { status: string; job: { worker_name?: string; tags: Record<string, string> } } };
    const onKey = await api<Workspace>('/api/v2/users/me/workspace/on-key');
    expect(onKey.latest_build.status).toBe('running');
    expect(onKey.latest_build.job.worker_name).toBe('provisioner-key');
    expect(onKey.latest_build.job.tags).toMatchObject({ environment: 'compose', scope: 'organization' });
    const onPsk = await api<Workspace>('/api/v2/users/me/workspace/on-psk');
    expect(onPsk.latest_build.status).toBe('running');
    expect(onPsk.latest_build.job.worker_name).toBe('provisioner-psk');

    // terraform ran inside the keyed daemon's container: its local-exec left the record there.
    const { stdout } = await compose(['exec', '-T', 'provisioner-key', 'cat', `/tmp/warren-agentless/${onKey.id}.log`]);
    expect(stdout).toContain('admin/on-key started');
    const daemons = await api<{ name: string; tags: Record<string, string> }[]>('/api/v2/organizations/default/provisionerdaemons');
    expect(daemons.map((d) => d.name).sort()).toEqual(['provisioner-key', 'provisioner-psk']);
  }, 300_000);
});
