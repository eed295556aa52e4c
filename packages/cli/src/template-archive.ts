import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { MAX_FILE_UPLOAD_BYTES } from '@warren/sdk';
import { pack } from 'tar-stream';
import { CliError } from './io';

// Never uploaded: terraform's working data, local state and version control.
const SKIPPED = new Set(['.terraform', '.git', 'terraform.tfstate', 'terraform.tfstate.backup']);

/** Packs a template folder into a tar archive as `templates push` uploads it. */
export async function packTemplateDir(dir: string): Promise<Uint8Array> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new CliError(`Template folder "${dir}" does not exist.`);
  const files = await listFiles(dir, '');
  if (!files.some((f) => !f.includes('/') && (f.endsWith('.tf') || f.endsWith('.tf.json')))) {
    throw new CliError(`No .tf files in "${dir}": a template needs at least one Terraform file at its top level.`);
  }
  const tar = pack();
  const chunks: Buffer[] = [];
  let size = 0;
  tar.on('data', (chunk: unknown) => {
    const buf = chunk as Buffer;
    size += buf.length;
    chunks.push(buf);
  });
  const done = new Promise<void>((resolve, reject) => {
    tar.on('end', () => resolve());
    tar.on('error', reject);
  });
  for (const file of files) {
    const full = path.join(dir, file);
    const st = await stat(full);
    tar.entry({ name: file, mode: st.mode & 0o777, mtime: st.mtime }, await readFile(full));
    if (size > MAX_FILE_UPLOAD_BYTES) throw new CliError(`Template folder "${dir}" is larger than 100 MiB.`);
  }
  tar.finalize();
  await done;
  return Buffer.concat(chunks);
}

async function listFiles(root: string, rel: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(root, rel), { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(root, child)));
    else if (entry.isFile()) out.push(child);
  }
  return out.sort();
}
