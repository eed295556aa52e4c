/**
 * `GET /bin/coder-linux-{amd64,arm64}`: the agent binary the workspace's init script downloads
 * (built by packages/agent: `npm run build`). No authentication, as in Coder.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** Where packages/agent's build writes the binaries. */
export const DEFAULT_AGENT_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../agent/dist');

const NAMES = new Set(['coder-linux-amd64', 'coder-linux-arm64']);

export function registerAgentBinaryRoutes(app: FastifyInstance, distDir = DEFAULT_AGENT_DIST): void {
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
    const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    reply.header('ETag', etag).header('Cache-Control', 'no-cache');
    if (req.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply
      .header('Content-Type', 'application/octet-stream')
      .header('Content-Length', info.size)
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .send(createReadStream(file));
  });
}
