// The pid a reattached provider gives terraform belongs to a sentinel process, which must not
// outlive the process serving the provider, however that process ends.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serveReattach } from './reattach.js';
import { exampleProvider } from './testing/example-provider.js';

const MAIN = fileURLToPath(new URL('./testing/reattach-main.ts', import.meta.url));

/** Whether a process runs (a zombie, left to a parent that does not reap, counts as ended). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

async function ended(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (running(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

const sentinelOf = (reattach: string) => (Object.values(JSON.parse(reattach) as Record<string, { Pid: number }>)[0]!).Pid;

describe('the reattach sentinel', () => {
  it('is shared by the providers one process serves and ends with the last of them', async () => {
    const first = await serveReattach(exampleProvider());
    const second = await serveReattach(exampleProvider());
    const pid = sentinelOf(first.env.TF_REATTACH_PROVIDERS);
    expect(sentinelOf(second.env.TF_REATTACH_PROVIDERS)).toBe(pid);
    expect(pid).not.toBe(process.pid);
    await first.close();
    expect(running(pid)).toBe(true);
    await second.close();
    expect(await ended(pid)).toBe(true);
  });

  it('ends when the serving process is killed with SIGKILL', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const reattach = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.once('exit', (code) => reject(new Error(`the serving process exited (${code})`)));
    });
    const sentinel = sentinelOf(reattach);
    expect(running(sentinel)).toBe(true);
    child.kill('SIGKILL');
    expect(await ended(sentinel)).toBe(true);
  });
});
