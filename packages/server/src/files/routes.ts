import { MAX_FILE_UPLOAD_BYTES } from '@warren/sdk';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { actorOf } from '../http/app';
import { parseUuid } from '../http/validate';
import { mediaType, readFile, uploadFile } from './service';

export function registerFileRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // Uploads take any body as bytes, up to 100 MiB (larger answers 413); the service checks the type.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_FILE_UPLOAD_BYTES }, (_req, body, done) => done(null, body));
    scope.post('/api/v2/files', async (req, reply) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const { id, created } = await uploadFile(ctx, actorOf(req), mediaType(req.headers['content-type']), body);
      return reply.status(created ? 201 : 200).send({ hash: id });
    });
  });

  app.get<{ Params: { id: string } }>('/api/v2/files/:id', async (req, reply) => {
    const file = await readFile(ctx, actorOf(req), parseUuid(req.params.id, 'id'));
    return reply.header('Content-Type', file.mimetype).send(file.data);
  });
}
