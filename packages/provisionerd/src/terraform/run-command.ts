import { spawn } from 'node:child_process';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import type { Clock } from './clock.js';

export interface CommandOptions {
  binary: string;
  args: readonly string[];
  cwd: string;
  /** The complete environment; nothing is inherited. */
  env: Readonly<Record<string, string>>;
  /** On abort the process gets SIGINT, and its whole process group SIGKILL `killGraceMs` later. */
  signal?: AbortSignal;
  killGraceMs: number;
  clock: Clock;
  /** Called per line as output arrives; without it the output is collected into the result. */
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
}

export interface CommandResult {
  /** Null when the process ended through a signal. */
  exitCode: number | null;
  /** Collected output of the streams that had no line callback. */
  stdout: string;
  stderr: string;
  /** The abort signal fired while the command ran, or before it could start. */
  canceled: boolean;
}

/**
 * Runs one process in its own process group and waits until it has exited and its output is read.
 * Rejects only when the process cannot be started.
 */
export async function runCommand(options: CommandOptions): Promise<CommandResult> {
  const { signal } = options;
  if (signal?.aborted) return { exitCode: null, stdout: '', stderr: '', canceled: true };
  const child = spawn(options.binary, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const started = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stdout = consume(child.stdout, options.onStdoutLine);
  const stderr = consume(child.stderr, options.onStderrLine);

  let canceled = false;
  let cancelKill: (() => void) | undefined;
  const interrupt = () => {
    canceled = true;
    child.kill('SIGINT');
    cancelKill = options.clock.setTimeout(() => killGroup(child.pid), options.killGraceMs);
  };
  signal?.addEventListener('abort', interrupt, { once: true });
  try {
    await started;
    const [exitCode, stdoutText, stderrText] = await Promise.all([exited, stdout, stderr]);
    return { exitCode, stdout: stdoutText, stderr: stderrText, canceled };
  } finally {
    signal?.removeEventListener('abort', interrupt);
    cancelKill?.();
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

/** Feeds lines to `onLine` when given, else collects the whole stream as text. */
async function consume(stream: Readable, onLine: ((line: string) => void) | undefined): Promise<string> {
  if (!onLine) {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  for await (const line of readline.createInterface({ input: stream, crlfDelay: Infinity })) onLine(line);
  return '';
}
