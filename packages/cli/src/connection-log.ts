/** The log of one IDE connection (`--log-dir`), where Coder's VS Code extension looks for it. */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';

/**
 * A writer to stderr that, with `dir`, also appends to `<dir>/<ssh pid>.log`. Ending it closes the
 * file, never stderr.
 */
export async function connectionLog(stderr: Writable, dir: string | undefined): Promise<Writable> {
  const file = dir ? await openLogFile(dir) : undefined;
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      stderr.write(chunk);
      if (file) file.write(chunk, done);
      else done();
    },
    final(done) {
      if (file) file.end(done);
      else done();
    },
  });
}

async function openLogFile(dir: string) {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return createWriteStream(path.join(dir, `${process.ppid}.log`), { flags: 'a', mode: 0o600 });
}
