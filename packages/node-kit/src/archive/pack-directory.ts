import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pack } from 'tar-stream';

// Never packed: terraform's working data, local state and version control.
const SKIPPED = new Set(['.terraform', '.git', 'terraform.tfstate', 'terraform.tfstate.backup']);

/** A folder too large to pack, or not a folder at all. */
export class PackError extends Error {
  override readonly name = 'PackError';
}

/**
 * Packs a template folder into a tar archive (regular files only, sorted, modes kept), as `templates
 * push` uploads it and as the server stores a starter template. Fails past `maxBytes`.
 */
export async function packDirectory(dir: string, maxBytes: number): Promise<Buffer> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new PackError(`Template folder "${dir}" does not exist.`);
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    tar.on('end', () => resolve());
    tar.on('error', reject);
  });
  // What the archive will weigh: a 512-byte header per file and its content padded to 512 bytes.
  let size = 0;
  for (const file of await listFiles(dir, '')) {
    const full = path.join(dir, file);
    const st = await stat(full);
    size += 512 + Math.ceil(st.size / 512) * 512;
    if (size > maxBytes) throw new PackError(`Template folder "${dir}" is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB.`);
    tar.entry({ name: file, mode: st.mode & 0o777, mtime: st.mtime }, await readFile(full));
  }
  tar.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** The regular files under `root`, as slash-separated relative paths, sorted. */
export async function listFiles(root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(root, rel), { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(root, child)));
    else if (entry.isFile()) out.push(child);
  }
  return out.sort();
}
