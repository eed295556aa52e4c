import { PassThrough, Writable } from 'node:stream';
import type { CliIO } from './io';
import { run } from './main';

/** Starts the real CLI in-process; its output so far can be read while it runs. */
export function startCli(argv: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        append(String(chunk));
        cb();
      },
    });
  const io: CliIO = {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    stdin: new PassThrough(),
    env,
    interactive: false,
  };
  const done = run(argv, io).then((code) => ({ code, stdout, stderr }));
  return { stdout: () => stdout, done };
}

/** Runs the real CLI in-process with captured output. */
export function runCli(argv: string[], env: Record<string, string | undefined> = {}) {
  return startCli(argv, env).done;
}
