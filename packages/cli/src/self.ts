/**
 * How this program runs itself again (for OpenSSH's ProxyCommand, written by `config-ssh`), and
 * the name it answers to. The one-file binary (binary.ts) sets both: it is its own executable and
 * answers to `coder` or `warren` after its file name. From the checkout it is
 * `node packages/cli/bin/warren.js`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let self: { command: string[]; name: string } | undefined;

export function setSelf(command: string[], name: string): void {
  self = { command, name };
}

/** The argv that starts this program (executable first). */
export function selfCommand(): string[] {
  return self?.command ?? [process.execPath, fileURLToPath(new URL('../bin/warren.js', import.meta.url))];
}

/** `coder` or `warren`: the name in help, hints and default SSH host names. */
export function selfName(): string {
  return self?.name ?? 'warren';
}

/** Whether this is the one-file binary (no checkout beside it). */
export function isBinary(): boolean {
  return self !== undefined;
}

/** `warren` when started as warren (a copy or link of that name), else `coder`. */
export function invokedName(argv0: string): 'coder' | 'warren' {
  const base = path.basename(argv0).replace(/\.exe$/i, '').toLowerCase();
  return base.startsWith('warren') ? 'warren' : 'coder';
}
