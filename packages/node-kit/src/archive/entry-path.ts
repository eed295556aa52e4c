import { ArchiveError } from './archive-error.js';

/**
 * Turns a tar entry name into a safe path relative to the extraction folder ("a/b.tf"), or "" for the
 * folder itself ("./"). Refuses absolute paths, drive letters, backslashes, NUL bytes and ".." segments.
 */
export function safeEntryPath(name: string): string {
  if (name.includes('\0')) {
    throw new ArchiveError('unsafe_path', `The archive entry "${printable(name)}" has a NUL byte in its name.`, name);
  }
  if (name.includes('\\')) {
    const message = `The archive entry "${name}" has a backslash in its name; use forward slashes.`;
    throw new ArchiveError('unsafe_path', message, name);
  }
  if (isAbsolute(name)) {
    const message = `The archive entry "${name}" has an absolute path; entries must be relative.`;
    throw new ArchiveError('unsafe_path', message, name);
  }
  const segments = name.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) {
    const message = `The archive entry "${name}" contains "..", which could write outside the template folder.`;
    throw new ArchiveError('unsafe_path', message, name);
  }
  return segments.join('/');
}

/** Refuses symbolic link targets that are empty, absolute, or hold NUL bytes or backslashes. */
export function checkSymlinkTargetText(linkPath: string, target: string): void {
  if (target === '' || target.includes('\0') || target.includes('\\')) {
    const message = `The symbolic link "${linkPath}" has an invalid target "${printable(target)}".`;
    throw new ArchiveError('unsafe_link', message, linkPath);
  }
  if (isAbsolute(target)) {
    throw new ArchiveError(
      'unsafe_link',
      `The symbolic link "${linkPath}" points to the absolute path "${target}"; links must stay inside the template.`,
      linkPath,
    );
  }
}

function isAbsolute(name: string): boolean {
  return name.startsWith('/') || /^[A-Za-z]:/.test(name);
}

function printable(text: string): string {
  return text.replace(/\0/g, '\\0');
}
