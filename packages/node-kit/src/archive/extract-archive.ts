import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { type ArchiveLimits, defaultArchiveLimits, readArchive } from './read-archive.js';

/**
 * Unpacks a template source tar into `folder`, which must be missing or empty. Every entry is checked
 * before the first write (see readArchive); symbolic links are created last, so no file is ever written
 * through one. Throws ArchiveError for a refused archive; after a failure while writing, the folder may
 * hold part of the archive.
 */
export async function extractArchive(
  bytes: Uint8Array,
  folder: string,
  limits: ArchiveLimits = defaultArchiveLimits,
): Promise<void> {
  const entries = await readArchive(bytes, limits);
  await prepareEmptyFolder(folder);
  for (const entry of entries) {
    if (entry.kind === 'directory') await fs.mkdir(path.join(folder, entry.path), { recursive: true, mode: entry.mode });
  }
  for (const entry of entries) {
    if (entry.kind === 'file') await writeFile(folder, entry.path, entry.content, entry.mode);
  }
  for (const entry of entries) {
    if (entry.kind !== 'symlink') continue;
    const linkPath = path.join(folder, entry.path);
    await fs.mkdir(path.dirname(linkPath), { recursive: true, mode: 0o755 });
    await fs.symlink(entry.target, linkPath);
  }
}

async function prepareEmptyFolder(folder: string): Promise<void> {
  await fs.mkdir(folder, { recursive: true, mode: 0o700 });
  const existing = await fs.readdir(folder);
  if (existing.length > 0) {
    throw new Error(`The folder "${folder}" must be empty before a template is extracted into it.`);
  }
}

async function writeFile(folder: string, relativePath: string, content: Buffer, mode: number): Promise<void> {
  const filePath = path.join(folder, relativePath);
  await fs.mkdir(path.dirname(filePath), { recursive: true, mode: 0o755 });
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;
  const handle = await fs.open(filePath, flags, mode);
  try {
    await handle.writeFile(content);
    await handle.chmod(mode);
  } finally {
    await handle.close();
  }
}
