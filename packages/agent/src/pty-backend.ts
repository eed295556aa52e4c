/**
 * Pseudo-terminals. node-pty (the `@lydell/node-pty` build, which ships prebuilt Linux binaries so
 * installing needs no compiler) gives real PTYs (resize, job control); when its native addon cannot
 * be loaded (a one-file build without it), `script` from util-linux still allocates a PTY (no
 * resize), and without `script` the shell runs on plain pipes.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { killGroup } from './scripts';

export interface Terminal {
  readonly pid: number;
  readonly kind: 'node-pty' | 'script' | 'pipe';
  onData(cb: (data: Buffer) => void): void;
  onExit(cb: (code: number, signal?: number) => void): void;
  write(data: string | Buffer): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
  kill(signal?: NodeJS.Signals): void;
}

export interface SpawnTerminalOptions {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
  term?: string;
}

type NodePty = typeof import('@lydell/node-pty');
let nodePty: Promise<NodePty | undefined> | undefined;

/** Loads node-pty once; undefined when its native addon is not available. */
export function loadNodePty(): Promise<NodePty | undefined> {
  nodePty ??= import('@lydell/node-pty').then(
    (m) => ((m as { default?: NodePty }).default ?? m) as NodePty,
    () => undefined,
  );
  return nodePty;
}

export async function spawnTerminal(opts: SpawnTerminalOptions, prefer?: Terminal['kind']): Promise<Terminal> {
  const env = { ...opts.env, TERM: opts.term ?? opts.env.TERM ?? 'xterm-256color' };
  const pty = prefer && prefer !== 'node-pty' ? undefined : await loadNodePty();
  if (pty) {
    const p = pty.spawn(opts.file, opts.args, {
      name: env.TERM,
      cols: Math.max(1, opts.cols),
      rows: Math.max(1, opts.rows),
      cwd: opts.cwd,
      env,
      encoding: null,
    });
    return {
      pid: p.pid,
      kind: 'node-pty',
      onData: (cb) => void p.onData((d: string | Buffer) => cb(typeof d === 'string' ? Buffer.from(d) : d)),
      onExit: (cb) => void p.onExit((e) => cb(e.exitCode, e.signal)),
      // The typings say string; on Linux the data goes to the PTY's socket as it is, so bytes stay bytes.
      write: (d) => p.write(d as string),
      resize: (c, r) => {
        try {
          p.resize(Math.max(1, c), Math.max(1, r));
        } catch {
          // The process already exited.
        }
      },
      pause: () => p.pause(),
      resume: () => p.resume(),
      kill: (sig) => killGroup(p.pid, sig ?? 'SIGHUP'),
    };
  }
  const useScript = prefer !== 'pipe' && existsSync('/usr/bin/script');
  const command = [opts.file, ...opts.args].map(shellQuote).join(' ');
  const child = useScript
    ? spawn('/usr/bin/script', ['-qfec', command, '/dev/null'], { cwd: opts.cwd, env: { ...env, COLUMNS: String(opts.cols), LINES: String(opts.rows) }, detached: true })
    : spawn(opts.file, opts.args, { cwd: opts.cwd, env, detached: true });
  const exitHandlers: ((code: number, signal?: number) => void)[] = [];
  child.on('exit', (code, signal) => exitHandlers.forEach((h) => h(code ?? 128, signal ? 1 : undefined)));
  child.on('error', () => exitHandlers.forEach((h) => h(127)));
  return {
    pid: child.pid ?? -1,
    kind: useScript ? 'script' : 'pipe',
    onData: (cb) => {
      child.stdout?.on('data', cb);
      child.stderr?.on('data', cb);
    },
    onExit: (cb) => void exitHandlers.push(cb),
    write: (d) => void child.stdin?.write(d),
    resize: () => undefined,
    pause: () => (child.stdout?.pause(), child.stderr?.pause()),
    resume: () => (child.stdout?.resume(), child.stderr?.resume()),
    kill: (sig) => child.pid && killGroup(child.pid, sig ?? 'SIGHUP'),
  };
}

export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}
