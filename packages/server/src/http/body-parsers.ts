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
    if (text.length > MAX_JSON_DEPTH * 2 && jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
      done(new ApiError('bad_request', 'Request body must be valid JSON.', `The body nests deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
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

/** Deeper bodies are refused before parsing: walking them (validation, serialisation) would overflow the stack. */
export const MAX_JSON_DEPTH = 512;

/** Whether JSON text opens more than `limit` arrays and objects inside one another (strings skipped). */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
