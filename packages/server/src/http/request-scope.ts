import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** Coder's response header naming the request, as its logs name it (`request_id`). */
export const REQUEST_ID_HEADER = 'X-Coder-Request-Id';
export const REQUEST_ID_LOG_KEY = 'request_id';

interface RequestScope {
  requestId: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** A fresh request id (a UUID, as Coder's). */
export const newRequestId = (): string => randomUUID();

/**
 * Runs the rest of every request (hooks, handler, the services it calls) inside a scope that knows
 * the request id, and names the id in the response so a user can quote it.
 */
export function installRequestScope(app: FastifyInstance): void {
  app.addHook('onRequest', (req, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, req.id);
    scope.run({ requestId: req.id }, done);
  });
}

/**
 * What a job queued now carries from its request (Coder's trace metadata): the request id, or
 * nothing outside a request (schedules, the reaper).
 */
export function traceMetadataOfCurrentRequest(): Record<string, string> {
  const current = scope.getStore();
  return current ? { [REQUEST_ID_LOG_KEY]: current.requestId } : {};
}
