import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@warren/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/support/pg15';
import { isPostgresFor, isRunning, postmasterPid } from '@warren/server/db/stale-postmaster';
import { runWarren, WarrenProcess } from './process.testkit';

// Real processes: `warren server` on its built-in PostgreSQL, killed with SIGKILL, started again.
const OWNER = { email: 'owner@example.com', username: 'owner', password: 'Sup3r-Secret-Passw0rd!' };
const config = mkdtempSync(path.join(os.tmpdir(), 'warren-stale-'));
const dataDir = path.join(config, 'postgres', 'data');
const started: WarrenProcess[] = [];

function server(port: number): WarrenProcess {
  const p = new WarrenProcess(['server', '--global-config', config, '--http-address', `127.0.0.1:${port}`, '--provisioner-daemons', '0'], {});
  started.push(p);
  return p;
}

afterAll(async () => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) await p.stop('SIGINT');
  const pid = postmasterPid(dataDir);
  if (pid && isPostgresFor(pid, dataDir)) process.kill(pid, 'SIGKILL');
  rmSync(config, { recursive: true, force: true });
});

describe('a built-in database left running by a killed server', () => {
  it('is stopped by the next server, which then serves the same data', async () => {
    const port = await freePort();
    const first = server(port);
    await first.waitFor(/Started HTTP listener/, 90_000);
    await new Client(`http://127.0.0.1:${port}`).createFirstUser(OWNER);
    const orphan = postmasterPid(dataDir)!;
    expect(isPostgresFor(orphan, dataDir)).toBe(true);

    first.child.kill('SIGKILL');
    await first.exited;
    expect(isRunning(orphan)).toBe(true); // the database outlives its server

    const second = server(port);
    await second.waitFor(/Started HTTP listener/, 90_000);
    expect(second.output).toContain('stopping the built-in database a previous server left running');
    expect(isRunning(orphan)).toBe(false);
    expect(second.output).not.toMatch(/undefined|TypeError/);

    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    const anon = new Client(`http://127.0.0.1:${port}`);
    expect(await anon.hasFirstUser()).toBe(true);
    const { session_token } = await anon.login(OWNER.email, OWNER.password);
    expect((await new Client(`http://127.0.0.1:${port}`, { sessionToken: session_token }).user()).username).toBe(OWNER.username);

    expect(await second.stop('SIGINT')).toBe(0);
    const after = postmasterPid(dataDir);
    expect(after === undefined || !isRunning(after)).toBe(true);
  }, 180_000);

  it('says what is wrong and what to do, in a sentence, when the database cannot start', async () => {
    // A data folder from a PostgreSQL version that cannot read it.
    writeFileSync(path.join(dataDir, 'PG_VERSION'), '9\n');
    const port = await freePort();
    const r = await runWarren(['server', '--global-config', config, '--http-address', `127.0.0.1:${port}`, '--provisioner-daemons', '0'], {});
    expect(r.code).toBe(1);
    const error = r.output.split('\n').find((l) => l.startsWith('error: '));
    expect(error).toMatch(new RegExp(`^error: The built-in PostgreSQL server could not start in ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: database files are incompatible with server\\. If another PostgreSQL uses that folder, stop it; otherwise fix the folder, move it away to start with an empty database, or use an external PostgreSQL with --postgres-url\\.$`));
    expect(r.output).not.toMatch(/undefined|TypeError|^\s+at /m);
  }, 120_000);
});
