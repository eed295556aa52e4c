import type { FastifyError, FastifyInstance } from 'fastify';
import { isDatabaseUnavailable } from '../db/database';
import { ApiError, STATUS_BY_CODE } from './errors';
import { redactUrl } from './redact';

const FASTIFY_ERRORS: Record<string, ApiError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: new ApiError('bad_request', 'Request body must be valid JSON.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: new ApiError('bad_request', 'Request body must be valid JSON.', 'The body is empty.'),
  FST_ERR_CTP_BODY_TOO_LARGE: new ApiError('payload_too_large', 'Request body is too large.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: new ApiError('unsupported_media_type', 'Unsupported Content-Type.'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: new ApiError('bad_request', 'Request body length does not match Content-Length.'),
};

/** PostgreSQL's "character not in repertoire": text with a NUL byte, which no text column can hold. */
const PG_NUL_IN_TEXT = '22021';

const NUL_IN_TEXT = new ApiError('bad_request', 'Request contains a character that cannot be stored.', 'Text must not contain the NUL character (U+0000).');

/** PostgreSQL's "disk full": nothing of the failed statement was stored. */
const PG_DISK_FULL = '53100';

const DISK_FULL = new ApiError(
  'storage_full',
  "The server's database disk is full; nothing was stored.",
  'Free space in the server\'s data directory (or grow its volume), then try again.',
);

const DATABASE_UNAVAILABLE = new ApiError(
  'unavailable',
  'The database is unavailable; try again in a few seconds.',
  'The server could not reach PostgreSQL (it may be restarting). The server reconnects by itself.',
);

/** Maps every failure to Coder's response body; unexpected errors are logged and answer 500. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    let apiError: ApiError;
    if (err instanceof ApiError) {
      apiError = err;
    } else if (err.code && FASTIFY_ERRORS[err.code]) {
      apiError = FASTIFY_ERRORS[err.code]!;
    } else if ((err as { code?: string }).code === PG_NUL_IN_TEXT) {
      apiError = NUL_IN_TEXT;
    } else if ((err as { code?: string }).code === PG_DISK_FULL) {
      req.log.error({ err, url: redactUrl(req.url) }, 'database disk full');
      apiError = DISK_FULL;
    } else if (isDatabaseUnavailable(err)) {
      req.log.warn({ err, url: redactUrl(req.url) }, 'database unavailable');
      apiError = DATABASE_UNAVAILABLE;
    } else if (err instanceof SyntaxError || (err.statusCode === 400 && err.code?.startsWith('FST_ERR_CTP'))) {
      apiError = new ApiError('bad_request', 'Request body must be valid JSON.', err.message);
    } else {
      req.log.error({ err, url: redactUrl(req.url) }, 'request failed');
      apiError = new ApiError('internal', 'An internal server error occurred.', err.message);
    }
    void reply.status(STATUS_BY_CODE[apiError.code]).send(apiError.toResponse());
  });
  app.setNotFoundHandler((req, reply) => {
    const api = req.url.startsWith('/api/');
    void reply.status(404).send({ message: api ? 'Route not found.' : 'Not found.' });
  });
}
