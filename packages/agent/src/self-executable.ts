/**
 * The program the agent runs in, as one executable the workspace's processes can start: git runs
 * it as GIT_ASKPASS (for external auth tokens) and through GIT_SSH_COMMAND (`<it> gitssh --`, for
 * the owner's Git SSH key). GIT_ASKPASS must be a single executable without arguments, so a program
 * started as several words (node and a script) gets a small wrapper script.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const shellQuote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/** The executable that starts this program; undefined when the agent does not know how it was started. */
export function selfExecutable(selfCommand: string[] | undefined, dataDir: string): string | undefined {
  if (!selfCommand?.length) return undefined;
  if (selfCommand.length === 1) return selfCommand[0];
  mkdirSync(dataDir, { recursive: true });
  const wrapper = path.join(dataDir, 'coder');
  writeFileSync(wrapper, `#!/bin/sh\nexec ${selfCommand.map(shellQuote).join(' ')} "$@"\n`);
  chmodSync(wrapper, 0o755);
  return wrapper;
}
