import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import { channels } from '../db/pubsub';
import { getProvisionerJob } from '../db/queries/provisioner-jobs';
import { actorOf } from '../http/app';
import { ApiError } from '../http/errors';
import { jobLogsAfter } from './service';

type Query = Record<string, string | undefined>;

function afterOf(query: Query): number {
  const raw = query.after;
  if (raw === undefined || raw === '') return 0;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new ApiError('bad_request', 'Query parameters have invalid values.', undefined, [
      { field: 'after', detail: 'Must be a log id (a non-negative integer).' },
    ]);
  }
  return n;
}

/**
 * Streams a job's logs over a WebSocket, one JSON log per text frame: those after `after`, then
 * new ones as they arrive; closes with 1000 once the job has completed and every log was sent.
 */
async function followLogs(ctx: ServerContext, socket: WebSocket, jobId: string, after: number): Promise<void> {
  let last = after;
  let closed = false;
  let pending: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (closed) return;
    const job = await getProvisionerJob(ctx.db, jobId);
    const done = !job || job.completed_at !== null;
    for (const log of await jobLogsAfter(ctx.db, jobId, last)) {
      if (closed) return;
      socket.send(JSON.stringify(log));
      last = log.id;
    }
    if (done && !closed) {
      closed = true;
      socket.close(1000, 'done');
    }
  };
  const schedule = () => {
    pending = pending.then(flush).catch((err: unknown) => {
      ctx.log.warn({ err, job: jobId }, 'log stream failed');
      if (!closed) {
        closed = true;
        socket.close(1011, 'internal error');
      }
    });
  };
  const unsubscribe = await ctx.pubsub.subscribe(channels.jobLogs(jobId), schedule);
  socket.on('close', () => {
    closed = true;
    void unsubscribe();
  });
  if (socket.readyState !== socket.OPEN) {
    closed = true;
    await unsubscribe();
    return;
  }
  schedule();
}

/**
 * `GET <url>`: a job's logs (Coder's shared handler for template versions, dry runs and builds).
 * Plain requests answer a JSON array of logs after `after`; WebSocket requests (`follow`) stream.
 */
export function registerJobLogsRoute<P>(
  app: FastifyInstance,
  ctx: ServerContext,
  url: string,
  jobIdOf: (actor: Actor, params: P) => Promise<string>,
): void {
  const resolved = new WeakMap<FastifyRequest, { jobId: string; after: number }>();
  const take = (req: FastifyRequest) => {
    const r = resolved.get(req);
    if (!r) throw new Error(`logs route ${url} ran without its preHandler`);
    return r;
  };
  app.route<{ Params: P; Querystring: Query }>({
    method: 'GET',
    url,
    // Resolved before any upgrade, so a bad id or a missing permission answers plain HTTP.
    preHandler: async (req) => {
      const after = afterOf(req.query);
      resolved.set(req, { jobId: await jobIdOf(actorOf(req), req.params as P), after });
    },
    handler: async (req) => {
      const { jobId, after } = take(req);
      if (req.query.follow !== undefined) {
        throw new ApiError('bad_request', 'Following logs needs a WebSocket connection.', 'Send the request as a WebSocket upgrade.');
      }
      return jobLogsAfter(ctx.db, jobId, after);
    },
    wsHandler: async (socket: WebSocket, req: FastifyRequest) => {
      const { jobId, after } = take(req);
      await followLogs(ctx, socket, jobId, after).catch((err: unknown) => {
        ctx.log.error({ err, job: jobId }, 'log stream failed');
        socket.close(1011, 'An internal server error occurred.');
      });
    },
  });
}
