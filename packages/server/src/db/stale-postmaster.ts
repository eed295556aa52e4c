/**
 * A built-in PostgreSQL left running by a server that was killed (SIGKILL, a crash) keeps its
 * `postmaster.pid` in the data folder, and a new postgres refuses to start beside it. Called with
 * the folder's lock held (so no live Warren server owns that database), this stops the orphan:
 * fast shutdown (SIGINT), then immediate (SIGQUIT), then SIGKILL.
 */
import { readFileSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';

export interface StaleStopOptions {
  /** How long each signal is given before the next, stronger one (ms). */
  graceMs?: number;
  pollMs?: number;
}

/** The pid in `<dataDir>/postmaster.pid`, or undefined when there is no such file. */
export function postmasterPid(dataDir: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.split('\n')[0]?.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Whether `pid` runs (a zombie waiting for a parent that does not reap it counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

function sameFolder(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return path.resolve(a) === path.resolve(b);
  }
}

/** Whether `pid` is a postgres server whose data folder (`-D`) is `dataDir`. */
export function isPostgresFor(pid: number, dataDir: string): boolean {
  let args: string[];
  try {
    args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return false;
  }
  if (path.basename(args[0] ?? '') !== 'postgres') return false;
  const d = args.indexOf('-D');
  return d >= 0 && args[d + 1] !== undefined && sameFolder(args[d + 1]!, dataDir);
}

/**
 * Stops a postgres left running on `dataDir` by an earlier server, or removes a `postmaster.pid`
 * whose pid now belongs to some other process. Returns what it did, for the log; throws a
 * sentence saying what to do when the orphan cannot be stopped.
 */
export async function clearStalePostmaster(dataDir: string, log: Logger, options: StaleStopOptions = {}): Promise<'none' | 'stopped' | 'removed-pid-file'> {
  const pid = postmasterPid(dataDir);
  if (pid === undefined || !isRunning(pid)) return 'none'; // postgres itself replaces a pid file of a dead process
  if (!isPostgresFor(pid, dataDir)) {
    log.warn({ pid, dataDir }, 'removing a stale postmaster.pid: its pid now belongs to another process');
    rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
    return 'removed-pid-file';
  }
  const graceMs = options.graceMs ?? 15_000;
  const pollMs = options.pollMs ?? 100;
  log.warn({ pid, dataDir }, 'stopping the built-in database a previous server left running');
  for (const signal of ['SIGINT', 'SIGQUIT', 'SIGKILL'] as const) {
    try {
      process.kill(pid, signal);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ESRCH') break;
      throw new Error(
        `A PostgreSQL server (pid ${pid}) left by an earlier Warren server is still using ${dataDir}, and it could not be stopped (${code}). ` +
          `Stop it yourself (kill -INT ${pid}, as its owner or root), then start warren server again.`,
      );
    }
    for (let waited = 0; waited < graceMs && isRunning(pid); waited += pollMs) await new Promise((r) => setTimeout(r, pollMs));
    if (!isRunning(pid)) break;
    log.warn({ pid, signal }, 'the stale built-in database did not stop; sending a stronger signal');
  }
  if (isRunning(pid)) {
    throw new Error(`The PostgreSQL server (pid ${pid}) left running on ${dataDir} did not stop even after SIGKILL. Check it with 'ps -p ${pid}', then start warren server again.`);
  }
  log.info({ pid }, 'stopped the stale built-in database');
  return 'stopped';
}
