import { ArchiveError } from './archive-error.js';

/** Symbolic links followed while resolving one path before it is called a loop (Linux's own limit). */
const maxLinkHops = 40;

/**
 * Follows the symbolic link at `linkPath` the way the operating system will once the archive is extracted
 * into an empty folder, through any other links of the archive (`symlinks`: path -> target, all relative),
 * and refuses it when it ends up outside the folder or loops. Dangling links that stay inside are allowed.
 */
export function checkSymlinkStaysInside(linkPath: string, symlinks: ReadonlyMap<string, string>): void {
  const resolved = linkPath.split('/').slice(0, -1);
  const pending = splitTarget(symlinks.get(linkPath) ?? '');
  let hops = 0;
  for (let segment = pending.shift(); segment !== undefined; segment = pending.shift()) {
    if (segment === '..') {
      if (resolved.length === 0) {
        throw new ArchiveError(
          'unsafe_link',
          `The symbolic link "${linkPath}" points to "${symlinks.get(linkPath)}", which is outside the template.`,
          linkPath,
        );
      }
      resolved.pop();
      continue;
    }
    resolved.push(segment);
    const target = symlinks.get(resolved.join('/'));
    if (target === undefined) continue;
    hops += 1;
    if (hops > maxLinkHops) {
      throw new ArchiveError('unsafe_link', `The symbolic link "${linkPath}" is part of a loop of links.`, linkPath);
    }
    resolved.pop();
    pending.unshift(...splitTarget(target));
  }
}

function splitTarget(target: string): string[] {
  return target.split('/').filter((segment) => segment !== '' && segment !== '.');
}
