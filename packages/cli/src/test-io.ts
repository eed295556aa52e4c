import { PassThrough, Writable } from 'node:stream';
import type { CliIO } from './io';
import { run } from './main';

/** Runs the real CLI in-process with captured output. */
export async function runCli(argv: string[], env: Record<string, string | undefined> = {}) {
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
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
