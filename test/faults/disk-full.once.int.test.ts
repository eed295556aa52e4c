// The disk of the server's data directory (the built-in PostgreSQL on a small tmpfs) fills up while a
// template is uploaded: the upload fails with a sentence, the server stays up, and once space is
// freed the same upload is stored whole (no partial file answered as already there).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, statfsSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tarOf } from '../../packages/node-kit/src/archive/tar-fixture.testkit';
import { dumpOutput, report, startDeployment, waitUntil, type Deployment } from './support';

const root = process.getuid?.() === 0;
let mount: string;
let dep: Deployment;

function freeBytes(): number {
  const s = statfsSync(mount);
  return s.bavail * s.bsize;
}

/** Fills the filesystem, leaving about `leave` bytes free. */
function fill(leave: number): string {
  const filler = path.join(mount, 'filler');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(1024 * 1024);
  try {
    while (freeBytes() > leave + chunk.length) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return filler;
}

beforeAll(async () => {
  if (!root) return;
  mount = mkdtempSync(path.join(os.tmpdir(), 'warren-faults-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256m,mode=0777', 'tmpfs', mount]);
  dep = await startDeployment({ configDir: path.join(mount, 'server'), env: { CODER_PROVISIONER_DAEMONS: '0' } });
}, 240_000);

afterEach((t) => {
  if (t.task.result?.state === 'fail') dumpOutput(dep);
});
afterAll(async () => {
  await dep?.stopAll();
  if (mount) {
    execFileSync('umount', ['-l', mount]);
    rmdirSync(mount);
  }
});

describe.skipIf(!root)('disk full in the server data directory', () => {
  it('refuses the upload with a sentence, keeps serving, and stores it whole once space is freed', async () => {
    const { owner } = dep;
    // Random base64 barely compresses, so PostgreSQL must write about all of it.
    const tar = await tarOf({ 'main.tf': 'terraform {}\n', 'blob.txt': randomBytes(6 * 1024 * 1024).toString('base64') });
    const filler = fill(2 * 1024 * 1024);
    const res = await fetch(`${dep.url}/api/v2/files`, {
      method: 'POST',
      headers: { 'Coder-Session-Token': dep.ownerToken, 'Content-Type': 'application/x-tar' },
      body: new Uint8Array(tar),
    });
    const body = (await res.json()) as { message: string };
    console.log(`[fault] disk full upload answered ${res.status}: ${body.message}`);
    expect([503, 507]).toContain(res.status);
    expect(body.message).toMatch(/disk is full|database is unavailable/);
    expect(dep.server.child.exitCode).toBeNull();

    rmSync(filler);
    const freedAt = Date.now();
    await waitUntil('the API to answer after space is freed', async () => ((await fetch(`${dep.url}/api/v2/users/me`, { headers: { 'Coder-Session-Token': dep.ownerToken } })).status === 200 ? true : undefined), 60_000);
    report('disk full: API answering after space was freed', Date.now() - freedAt);
    const again = await fetch(`${dep.url}/api/v2/files`, {
      method: 'POST',
      headers: { 'Coder-Session-Token': dep.ownerToken, 'Content-Type': 'application/x-tar' },
      body: new Uint8Array(tar),
    });
    expect(again.status).toBe(201); // created now: the failed upload left nothing behind
    const { hash } = (await again.json()) as { hash: string };
    expect(Buffer.from(await owner.file(hash)).equals(tar)).toBe(true);
  }, 180_000);
});
