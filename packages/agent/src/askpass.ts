/**
 * GIT_ASKPASS for the workspace's processes: the program the agent runs in, which answers git's
 * "Username for 'https://host':" prompts with the workspace owner's external auth token (the CLI's
 * `gitaskpass`). Git runs GIT_ASKPASS as one executable with the prompt as its argument, so a
 * program started as several words (node and a script) gets a small wrapper script.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/** The executable to set as GIT_ASKPASS; undefined when the agent does not know how it was started. */
export function gitAskpassExecutable(selfCommand: string[] | undefined, dataDir: string): string | undefined {
  if (!selfCommand?.length) return undefined;
  if (selfCommand.length === 1) return selfCommand[0];
  mkdirSync(dataDir, { recursive: true });
  const wrapper = path.join(dataDir, 'coder-git-askpass');
  writeFileSync(wrapper, `#!/bin/sh\nexec ${selfCommand.map(quote).join(' ')} "$@"\n`);
  chmodSync(wrapper, 0o755);
  return wrapper;
}
