/**
 * The one `coder` binary served at /bin (packages/cli/build.mjs): its size on disk and on the wire
 * (gzip, brotli and xz: /bin sends it uncompressed today), and how long `coder version` and
 * `coder agent --help` take to start, cold (first run after the file is written anew, so no page
 * cache of the binary's code cache is warm) and warm (median of 10).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { report } from './support';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BINARY = path.join(ROOT, 'packages/cli/dist/coder-linux-amd64');

if (!existsSync(BINARY)) execFileSync(process.execPath, [path.join(ROOT, 'packages/cli/build.mjs')], { stdio: 'inherit' });

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const bytes = readFileSync(BINARY);
console.log(`coder-linux-amd64 on disk                 ${mib(bytes.length)}`);
console.log(`  gzip -6                                 ${mib(gzipSync(bytes, { level: 6 }).length)}`);
console.log(`  gzip -9                                 ${mib(gzipSync(bytes, { level: 9 }).length)}`);
console.log(`  brotli -9                               ${mib(brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length)}`);
const xz = spawnSync('xz', ['-6', '-c', '-T1'], { input: bytes, maxBuffer: 256 * 1024 * 1024 });
if (xz.status === 0) console.log(`  xz -6                                   ${mib(xz.stdout.length)}`);

function timed(binary: string, args: string[]): number {
  const started = performance.now();
  const run = spawnSync(binary, args, { encoding: 'utf8', env: { ...process.env, HOME: os.tmpdir() } });
  if (run.status !== 0) throw new Error(`${path.basename(binary)} ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return performance.now() - started;
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'warren-bench-binary-'));
try {
  for (const args of [['version'], ['agent', '--help']]) {
    const cold: number[] = [];
    for (let i = 0; i < 3; i++) {
      // A fresh copy: a new inode whose pages the kernel has not mapped for any earlier run.
      const copy = path.join(scratch, `coder-${i}`);
      copyFileSync(BINARY, copy);
      cold.push(timed(copy, args));
    }
    report(`coder ${args.join(' ')} (fresh copy)`, cold);
    const warm = Array.from({ length: 10 }, () => timed(BINARY, args));
    report(`coder ${args.join(' ')} (warm)`, warm);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`(binary built ${statSync(BINARY).mtime.toISOString()})`);
