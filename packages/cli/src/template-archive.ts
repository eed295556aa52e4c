import { listFiles, packDirectory, PackError } from '@warren/node-kit/archive/pack-directory';
import { MAX_FILE_UPLOAD_BYTES } from '@warren/sdk';
import { CliError } from './io';

/** Packs a template folder into a tar archive as `templates push` uploads it. */
export async function packTemplateDir(dir: string): Promise<Uint8Array> {
  try {
    const files = await listFiles(dir).catch(() => undefined);
    if (files && !files.some((f) => !f.includes('/') && (f.endsWith('.tf') || f.endsWith('.tf.json')))) {
      throw new CliError(`No .tf files in "${dir}": a template needs at least one Terraform file at its top level.`);
    }
    return await packDirectory(dir, MAX_FILE_UPLOAD_BYTES);
  } catch (err) {
    if (err instanceof PackError) throw new CliError(err.message);
    throw err;
  }
}
