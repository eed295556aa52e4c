import { ArchiveError } from './archive-error.js';
import { type ArchiveLimits, defaultArchiveLimits, readArchive } from './read-archive.js';

/** What a checked template archive holds. */
export interface TemplateArchiveSummary {
  /** Relative paths of the regular files (hard links included), in archive order. */
  files: string[];
  entryCount: number;
  /** Sum of the file sizes once unpacked. */
  totalBytes: number;
}

/**
 * Checks, without writing anything, that `bytes` is a tar archive that extractArchive would accept.
 * Throws ArchiveError with a message for the template author.
 */
export async function validateTemplateArchive(
  bytes: Uint8Array,
  limits: ArchiveLimits = defaultArchiveLimits,
): Promise<TemplateArchiveSummary> {
  const entries = await readArchive(bytes, limits);
  const files: string[] = [];
  let totalBytes = 0;
  for (const entry of entries) {
    if (entry.kind !== 'file') continue;
    files.push(entry.path);
    totalBytes += entry.content.length;
  }
  return { files, entryCount: entries.length, totalBytes };
}

/** Throws ArchiveError unless the archive has a `.tf` or `.tf.json` file at its top level. */
export function requireTopLevelTerraformFiles(summary: TemplateArchiveSummary): void {
  const found = summary.files.some((file) => !file.includes('/') && (file.endsWith('.tf') || file.endsWith('.tf.json')));
  if (!found) {
    throw new ArchiveError(
      'no_terraform_files',
      'The template has no Terraform files (.tf or .tf.json) at the top level of the archive.',
    );
  }
}
