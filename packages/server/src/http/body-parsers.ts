import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors';

/**
 * Request bodies as Coder reads them: a mutation without a body is accepted whatever its
 * Content-Type says. Coder's TypeScript client, run from Node, sends bodiless POST/PUT/PATCH/DELETE
 * requests (logout, suspend, cancel, favourites...) with `application/x-www-form-urlencoded` or
 * `application/json` and nothing after the headers. A non-empty body must still be JSON (routes
 * with their own parsers, such as file uploads, replace these in their scope).
 */
export function installBodyParsers(app: FastifyInstance, bodyLimit: number): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    json(req, text, done);
  });
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (req, body, done) => {
    if ((body as Buffer).length === 0) {
      done(null, undefined);
      return;
    }
    const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim();
    done(new ApiError('unsupported_media_type', 'Unsupported Content-Type.', `Send the body as application/json, not "${type}".`), undefined);
  });
}
