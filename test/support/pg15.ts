import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const PG15_BIN = '/usr/lib/postgresql/15/bin';

export interface TestCluster {
  adminUrl: string;
  stop(): Promise<void>;
}

/** Runs a command as the `postgres` system user when we are root (PostgreSQL refuses root). */
function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', cmd, ...args]] : [cmd, args];
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts a throwaway PostgreSQL 15 cluster from Debian's binaries in a temporary folder. */
export async function startPg15(): Promise<TestCluster> {
  if (!existsSync(path.join(PG15_BIN, 'initdb'))) {
    throw new Error(`PostgreSQL 15 is not installed (${PG15_BIN}); install Debian's postgresql-15 package.`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warren-pg15-'));
  if (process.getuid?.() === 0) chownSync(dir, Number(idOf('-u')), Number(idOf('-g')));
  const data = path.join(dir, 'data');
  const [initCmd, initArgs] = asPostgres(path.join(PG15_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const [cmd, args] = asPostgres(path.join(PG15_BIN, 'postgres'), [
    '-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off',
    '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300',
  ]);
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitForConnection(adminUrl, () => stderr);
  return {
    adminUrl,
    async stop() {
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function idOf(flag: string): string {
  return spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim();
}

export async function waitForConnection(url: string, logs: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const client = new pg.Client(url);
    try {
      await client.connect();
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not start: ${String(err)}\n${logs()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
