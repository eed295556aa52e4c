import tar, { type Header } from 'tar-stream';

/** One entry of an in-memory test archive; `content` only for files. */
export type FixtureEntry = Partial<Header> & { name: string; content?: string | Buffer };

/** Builds tar bytes in memory, entries in the order given. */
export async function buildTar(entries: FixtureEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk) => chunks.push(chunk as Buffer));
  const finished = new Promise<void>((resolve, reject) => {
    pack.on('end', () => resolve());
    pack.on('error', reject);
  });
  for (const { content, ...header } of entries) {
    await new Promise<void>((resolve, reject) => {
      pack.entry(header, content ?? '', (error) => (error ? reject(error) : resolve()));
    });
  }
  pack.finalize();
  await finished;
  return Buffer.concat(chunks);
}

/** A tar archive holding the given files, by path. */
export function tarOf(files: Record<string, string>): Promise<Buffer> {
  return buildTar(Object.entries(files).map(([name, content]) => ({ name, content, mode: 0o644 })));
}
