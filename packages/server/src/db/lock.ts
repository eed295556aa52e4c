import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { isRunning } from './stale-postmaster';

export interface DirectoryLock {
  release(): Promise<void>;
}

/** Lock files this process holds: a file naming our own pid is ours only if it is in here. */
const held = new Set<string>();

/**
 * Takes an exclusive lock on a folder through a `warren.lock` file holding the owner's pid.
 * A lock left by a process that no longer runs (or by an earlier process that had our pid) is
 * taken over.
 */
export async function acquireDirectoryLock(dir: string, what: string): Promise<DirectoryLock> {
  const file = path.join(path.resolve(dir), 'warren.lock');
  if (held.has(file)) {
    throw new Error(`Another Warren server (pid ${process.pid}) is using ${what} at ${dir}. Stop it first, or choose another --global-config folder.`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      held.add(file);
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          held.delete(file);
          await rm(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new Error(`Another Warren server (pid ${owner}) is using ${what} at ${dir}. Stop it first, or choose another --global-config folder.`);
      }
      await rm(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${what} at ${dir}.`);
}

