/**
 * The CLI side of the one `coder` binary (binary.ts loads it for every command but `agent` and
 * `--version`). The build keeps it as a separate chunk of the same program, compiled only when a
 * CLI command runs, so the agent's start does not parse or hold it.
 */
import { processIO } from './io';
import { run } from './main';
import { setSelf } from './self';

/** Runs a CLI command as `name` (coder or warren), started again by `command`; returns the exit code. */
export function runCli(argv: string[], command: string[], name: string): Promise<number> {
  setSelf(command, name);
  return run(argv, processIO());
}
