/**
 * `GET /bin/coder-linux-{amd64,arm64}`: the agent binary the workspace's init script downloads
 * (built by packages/agent: `npm run build`). No authentication, as in Coder. The ETag is the
 * sha256 of the binary (computed once per build of it), so init scripts keep a shared cache named
 * by it and revalidate with If-None-Match (304).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** Where packages/agent's build writes the binaries. */
export const DEFAULT_AGENT_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../agent/dist');

const NAMES = new Set(['coder-linux-amd64', 'coder-linux-arm64']);

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
  app.get<{ Params: { name: string } }>('/bin/:name', { config: { public: true } }, async (req, reply) => {
    const name = req.params.name;
    if (!NAMES.has(name)) return reply.status(404).send({ message: `There is no agent binary named "${name}". Available: ${[...NAMES].join(', ')}.` });
    const file = path.join(distDir, name);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      return reply.status(404).send({
        message: `The agent binary ${name} has not been built on this server.`,
        detail: `Build it with \`npm run build\` in the Warren checkout (it writes ${file}); builds cover the server's own architecture only.`,
      });
    }
    const etag = `"${await hashOf(file, info.size, info.mtimeMs)}"`;
    reply.header('ETag', etag).header('Cache-Control', 'no-cache');
    if (req.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply
      .header('Content-Type', 'application/octet-stream')
      .header('Content-Length', info.size)
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .send(createReadStream(file));
  });
}
