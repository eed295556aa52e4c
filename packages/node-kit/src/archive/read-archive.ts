import tar, { type ExtractEvents } from 'tar-stream';
import { ArchiveError } from './archive-error.js';
import { checkSymlinkTargetText, safeEntryPath } from './entry-path.js';
import { checkSymlinkStaysInside } from './symlink-resolution.js';

/** Bounds on what one archive may unpack to. */
export interface ArchiveLimits {
  maxEntries: number;
  /** Sum of all file sizes once unpacked (hard links count once per link). */
  maxTotalBytes: number;
  maxFileBytes: number;
}

export const defaultArchiveLimits: ArchiveLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 100 * 1024 * 1024,
  maxFileBytes: 10 * 1024 * 1024,
};

type TarEntry = ExtractEvents['entry'][1];

/** One checked entry, with a safe relative path. Hard links arrive as copies of the file they link to. */
export type ArchiveEntry =
  | { kind: 'directory'; path: string; mode: number }
  | { kind: 'file'; path: string; mode: number; content: Buffer }
  | { kind: 'symlink'; path: string; target: string };

/**
 * Reads a whole tar archive into memory and checks every rule before anything is written: safe paths,
 * links that stay inside, no device files, no conflicting entries, and the limits. Throws ArchiveError.
 */
export async function readArchive(bytes: Uint8Array, limits: ArchiveLimits = defaultArchiveLimits): Promise<ArchiveEntry[]> {
  checkLooksLikeTar(bytes);
  const entries = new Map<string, ArchiveEntry>();
  let entryCount = 0;
  let totalBytes = 0;
  const extract = tar.extract();
  extract.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  try {
    for await (const entry of extract) {
      entryCount += 1;
      if (entryCount > limits.maxEntries) {
        throw new ArchiveError('too_many_entries', `The archive has more than ${limits.maxEntries} entries.`);
      }
      const read = await readEntry(entry, entries, limits);
      entry.resume();
      if (!read) continue;
      if (read.kind === 'file') {
        totalBytes += read.content.length;
        if (totalBytes > limits.maxTotalBytes) {
          const message = `The archive unpacks to more than ${formatBytes(limits.maxTotalBytes)}.`;
          throw new ArchiveError('too_large', message, read.path);
        }
      }
      addEntry(entries, read);
    }
  } catch (error) {
    extract.destroy();
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError('not_tar', `The file is not a valid tar archive: ${(error as Error).message}`);
  }
  checkLinksAndParents(entries);
  return [...entries.values()];
}

function checkLooksLikeTar(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new ArchiveError('not_tar', 'The archive is empty.');
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new ArchiveError('not_tar', 'The archive is gzip-compressed; upload an uncompressed tar archive.');
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    throw new ArchiveError('not_tar', 'The archive is a zip file; it must be converted to a tar archive first.');
  }
}

async function readEntry(
  entry: TarEntry,
  earlier: ReadonlyMap<string, ArchiveEntry>,
  limits: ArchiveLimits,
): Promise<ArchiveEntry | undefined> {
  const { header } = entry;
  const path = safeEntryPath(header.name);
  switch (header.type) {
    case 'directory':
      return path === '' ? undefined : { kind: 'directory', path, mode: directoryMode(header.mode) };
    case 'file':
    case 'contiguous-file': {
      requireName(path, header.name);
      if ((header.size ?? 0) > limits.maxFileBytes) {
        throw new ArchiveError('too_large', `The file "${path}" is larger than ${formatBytes(limits.maxFileBytes)}.`, path);
      }
      return { kind: 'file', path, mode: fileMode(header.mode), content: await readContent(entry) };
    }
    case 'symlink': {
      requireName(path, header.name);
      const target = header.linkname;
      checkSymlinkTargetText(path, target);
      return { kind: 'symlink', path, target };
    }
    case 'link':
      requireName(path, header.name);
      return hardLinkCopy(path, header.linkname, earlier);
    default:
      throw new ArchiveError(
        'unsupported_entry',
        `The archive entry "${path}" is a ${String(header.type)} entry; only files, folders and links are allowed.`,
        path,
      );
  }
}

function requireName(path: string, rawName: string): void {
  if (path === '') throw new ArchiveError('unsafe_path', `The archive entry "${rawName}" has no file name.`, rawName);
}

async function readContent(entry: TarEntry): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of entry) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function hardLinkCopy(path: string, linkname: string, earlier: ReadonlyMap<string, ArchiveEntry>): ArchiveEntry {
  const targetPath = linkname === '' ? '' : safeEntryPath(linkname);
  const target = earlier.get(targetPath);
  if (target?.kind !== 'file') {
    throw new ArchiveError(
      'unsafe_link',
      `The hard link "${path}" points to "${linkname}", which is not a file earlier in the archive.`,
      path,
    );
  }
  return { kind: 'file', path, mode: target.mode, content: target.content };
}

/** A file may replace an earlier file of the same name (as tar does); any other repeat is refused. */
function addEntry(entries: Map<string, ArchiveEntry>, entry: ArchiveEntry): void {
  const existing = entries.get(entry.path);
  if (existing && !(existing.kind === entry.kind && entry.kind !== 'symlink')) {
    throw new ArchiveError(
      'conflicting_entry',
      `The archive has "${entry.path}" twice, once as a ${existing.kind} and once as a ${entry.kind}.`,
      entry.path,
    );
  }
  entries.set(entry.path, entry);
}

function checkLinksAndParents(entries: ReadonlyMap<string, ArchiveEntry>): void {
  const symlinks = new Map<string, string>();
  for (const entry of entries.values()) if (entry.kind === 'symlink') symlinks.set(entry.path, entry.target);
  for (const entry of entries.values()) {
    const segments = entry.path.split('/');
    for (let depth = 1; depth < segments.length; depth += 1) {
      const parent = entries.get(segments.slice(0, depth).join('/'));
      if (parent && parent.kind !== 'directory') {
        const isLink = parent.kind === 'symlink';
        throw new ArchiveError(
          isLink ? 'unsafe_link' : 'conflicting_entry',
          `The archive entry "${entry.path}" is inside "${parent.path}", which is a ${isLink ? 'symbolic link' : 'file'}.`,
          entry.path,
        );
      }
    }
    if (entry.kind === 'symlink') checkSymlinkStaysInside(entry.path, symlinks);
  }
}

function fileMode(mode: number | undefined): number {
  return ((mode ?? 0o644) & 0o755) | 0o600;
}

function directoryMode(mode: number | undefined): number {
  return ((mode ?? 0o755) & 0o755) | 0o700;
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}
