/**
 * `GET /bin/coder-<os>-<arch>`: the one `coder` binary (the CLI and the workspace agent), which
 * workspace init scripts, IDE extensions and install.sh download (built by packages/cli/build.mjs:
 * `npm run build`). `GET /bin/` lists what this server has, as Coder's file listing does. No
 * authentication, as in Coder. The ETag is the sha256 of the binary (computed once per build of
 * it): init scripts keep a shared cache named by it, and clients revalidate with If-None-Match (304).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where packages/cli's build writes the binaries. */
export const DEFAULT_AGENT_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../cli/dist');

/** The builds a server may have (macOS is not built: docs/ides.md). */
export const BINARY_NAMES = ['coder-linux-amd64', 'coder-linux-arm64', 'coder-windows-amd64.exe'];
const NAMES = new Set(BINARY_NAMES);

/** The binaries present in `distDir`, with their sizes. */
export async function availableBinaries(distDir: string): Promise<Array<{ name: string; size: number }>> {
  const found = await Promise.all(BINARY_NAMES.map(async (name) => ({ name, info: await stat(path.join(distDir, name)).catch(() => undefined) })));
  return found.filter((f) => f.info?.isFile()).map((f) => ({ name: f.name, size: f.info!.size }));
}

function listing(files: Array<{ name: string; size: number }>): string {
  const rows = files.map((f) => `<a href="${f.name}">${f.name}</a>${' '.repeat(Math.max(1, 32 - f.name.length))}${(f.size / 1024 / 1024).toFixed(1)} MiB`);
  return `<!doctype html>\n<meta name="viewport" content="width=device-width">\n<title>Coder binaries</title>\n<pre>\n${rows.join('\n')}${rows.length ? '\n' : ''}</pre>\n`;
}

/** sha256 of a file, remembered per path, size and modification time. */
function contentHashes() {
  const known = new Map<string, { stamp: string; hash: Promise<string> }>();
  return (file: string, size: number, mtimeMs: number): Promise<string> => {
    const stamp = `${size}:${mtimeMs}`;
    const entry = known.get(file);
    if (entry?.stamp === stamp) return entry.hash;
    const hash = new Promise<string>((resolve, reject) => {
      const digest = createHash('sha256');
      createReadStream(file).on('error', reject).on('data', (chunk) => digest.update(chunk)).on('end', () => resolve(digest.digest('hex')));
    });
    hash.catch(() => known.delete(file));
    known.set(file, { stamp, hash });
    return hash;
  };
}

export function registerAgentBinaryRoutes(app: FastifyInstance, distDir = DEFAULT_AGENT_DIST): void {
  const hashOf = contentHashes();
  // Hash the binaries now, so the first workspace does not wait for it.
  for (const name of NAMES) {
    const file = path.join(distDir, name);
    void stat(file).then((info) => hashOf(file, info.size, info.mtimeMs), () => undefined).catch(() => undefined);
  }
  const list = async (_req: unknown, reply: FastifyReply) =>
    reply.header('Content-Type', 'text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(listing(await availableBinaries(distDir)));
  app.get('/bin', { config: { public: true } }, list);
  app.get<{ Params: { name: string } }>('/bin/:name', { config: { public: true } }, async (req, reply) => {
    const name = req.params.name;
    if (name === '') return list(req, reply);
    if (!NAMES.has(name)) return reply.status(404).send({ message: `There is no binary named "${name}". Builds are named: ${BINARY_NAMES.join(', ')}; /bin/ lists this server's.` });
    const file = path.join(distDir, name);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      return reply.status(404).send({
        message: `The binary ${name} has not been built on this server.`,
        detail: `Build it in the Warren checkout with \`node packages/cli/build.mjs --target ${name.replace(/^coder-|\.exe$/g, '')}\` (it writes ${file}); \`npm run build\` builds the server's own platform only.`,
      });
    }
    const etag = `"${await hashOf(file, info.size, info.mtimeMs)}"`;
    reply.header('ETag', etag).header('Cache-Control', 'no-cache');
    if (matchesEtag(req.headers['if-none-match'], etag)) return reply.status(304).send();
    return reply
      .header('Content-Type', 'application/octet-stream')
      .header('Content-Length', info.size)
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .send(createReadStream(file));
  });
}

/** Whether an If-None-Match header names `etag` (a list, weak tags and `*` included). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}
