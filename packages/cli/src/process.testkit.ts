import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WARREN_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/warren.js');

/** A `warren` process with its output collected, for tests that need real processes. */
export class WarrenProcess {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<number | null>;

  constructor(args: string[], env: Record<string, string | undefined>, options: { detached?: boolean } = {}) {
    this.child = spawn(process.execPath, [WARREN_BIN, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.detached,
    });
    const append = (d: Buffer) => {
      this.output += d.toString();
    };
    this.child.stdout!.on('data', append);
    this.child.stderr!.on('data', append);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Waits until the output matches `pattern` `times` times; fails with the output so far. */
  async waitFor(pattern: RegExp, timeoutMs = 30_000, times = 1): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    while ((this.output.match(global)?.length ?? 0) < times) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} (x${times}); output:\n${this.output.slice(-4000)}`);
      if (this.child.exitCode !== null && (this.output.match(global)?.length ?? 0) < times) {
        throw new Error(`process exited (${this.child.exitCode}) before ${pattern}; output:\n${this.output.slice(-4000)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Sends a signal and waits for the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }

  /** Kills the whole process group of a detached process (terraform children included). */
  killGroup(): void {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Runs `warren` to completion; a run that outlives `timeoutMs` is killed and reported. */
export async function runWarren(args: string[], env: Record<string, string | undefined>, timeoutMs = 90_000): Promise<{ code: number | null; output: string }> {
  const p = new WarrenProcess(args, env);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => p.child.once('close', (c) => resolve(c)));
  clearTimeout(timer);
  if (code === null) throw new Error(`warren ${args.join(' ')} did not finish in ${timeoutMs} ms; output:\n${p.output.slice(-3000)}`);
  return { code, output: p.output };
}

export async function waitUntil<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
