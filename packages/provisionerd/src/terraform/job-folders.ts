import fs from 'node:fs/promises';
import path from 'node:path';

const jobFolderPrefix = 'Session';
/** Job folders left behind (e.g. by a crash) are removed once they are this old. */
const staleAfterMs = 7 * 24 * 60 * 60 * 1000;

/** Creates `<workRoot>/Session<id>`, private to the daemon's user, and returns its path. */
export async function createJobFolder(workRoot: string, id: string): Promise<string> {
  await fs.mkdir(workRoot, { recursive: true, mode: 0o700 });
  const folder = path.join(workRoot, `${jobFolderPrefix}${id}`);
  await fs.mkdir(folder, { mode: 0o700 });
  return folder;
}

/** Removes a job folder, retrying a few times while files are still busy. */
export async function removeJobFolder(folder: string): Promise<void> {
  await fs.rm(folder, { recursive: true, force: true, maxRetries: 5, retryDelay: 250 });
}

/** Removes job folders under `workRoot` not modified for seven days. */
export async function removeStaleJobFolders(workRoot: string, now: Date): Promise<void> {
  const names = await fs.readdir(workRoot).catch(() => []);
  for (const name of names) {
    if (!name.startsWith(jobFolderPrefix)) continue;
    const folder = path.join(workRoot, name);
    const stats = await fs.stat(folder).catch(() => undefined);
    if (stats?.isDirectory() && now.getTime() - stats.mtimeMs > staleAfterMs) await removeJobFolder(folder);
  }
}
