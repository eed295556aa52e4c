import {
  CANCEL_REQUEST_METHOD,
  encodeRpcFrames,
  isRpcRequest,
  RpcErrorCode,
  RpcFrameReader,
  type RpcMessage,
  type RpcRequest,
} from '@warren/sdk';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { ServerContext } from '../context';
import { releaseUndeliveredJob } from '../db/queries/provisioner-jobs';
import { touchProvisionerDaemon } from '../db/queries/provisioner-daemons';
import { JobNotHeldError } from '../jobs/complete';
import type { ServerProvisionerDaemonApi } from '../jobs/daemon-api';

class RpcFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function objectParams(req: RpcRequest, needsJob: boolean): Record<string, unknown> {
  const p = req.params;
  if (!p || typeof p !== 'object' || Array.isArray(p)) throw new RpcFailure(RpcErrorCode.invalidParams, `${req.method} needs an object of parameters.`);
  const params = p as Record<string, unknown>;
  if (needsJob && typeof params.jobId !== 'string') throw new RpcFailure(RpcErrorCode.invalidParams, `${req.method} needs a jobId.`);
  return params;
}

export interface DaemonRpcOptions {
  /** How often the server pings the daemon and records it as seen. */
  pingIntervalMs?: number;
}

/**
 * Serves one daemon's job protocol on its WebSocket: each request calls the daemon's server-side
 * API (which only hands out jobs the daemon's tags allow and only touches jobs it holds). Listens
 * at once (requests wait for the registration), resolves when the socket closes; a job acquired
 * for a daemon that left before receiving it is requeued.
 */
export function serveDaemonRpc(
  ctx: ServerContext,
  socket: WebSocket,
  registering: Promise<ServerProvisionerDaemonApi>,
  log: Logger,
  options: DaemonRpcOptions = {},
): Promise<void> {
  const reader = new RpcFrameReader();
  const acquires = new Map<number, AbortController>();
  let open = true;
  let alive = true;

  const send = (message: RpcMessage) => {
    if (!open) return;
    for (const frame of encodeRpcFrames(message)) socket.send(frame);
  };

  const dispatch = async (req: RpcRequest): Promise<unknown> => {
    const api = await registering;
    switch (req.method) {
      case 'acquireJob': {
        if (acquires.size > 0) throw new RpcFailure(RpcErrorCode.invalidRequest, 'A daemon waits for one job at a time.');
        const controller = new AbortController();
        acquires.set(req.id, controller);
        try {
          const job = await api.acquireJob(controller.signal);
          if (job && !open) {
            const requeued = await releaseUndeliveredJob(ctx.db, job.jobId, api.daemonId);
            log.warn({ job: job.jobId, requeued }, 'daemon left before receiving its job');
            return null;
          }
          return job ?? null;
        } finally {
          acquires.delete(req.id);
        }
      }
      case 'updateJob':
        return api.updateJob(objectParams(req, true) as never);
      case 'completeJob':
        await api.completeJob(objectParams(req, true) as never);
        return null;
      case 'failJob':
        await api.failJob(objectParams(req, true) as never);
        return null;
      default:
        throw new RpcFailure(RpcErrorCode.methodNotFound, `Unknown method "${req.method}".`);
    }
  };

  const handle = (message: RpcMessage) => {
    if (!isRpcRequest(message)) {
      if ('method' in message && message.method === CANCEL_REQUEST_METHOD) {
        const id = (message.params as { id?: unknown } | undefined)?.id;
        if (typeof id === 'number') acquires.get(id)?.abort();
      }
      return;
    }
    dispatch(message).then(
      (result) => send({ jsonrpc: '2.0', id: message.id, result: result ?? null }),
      (err: unknown) => {
        const code = err instanceof RpcFailure ? err.code : err instanceof JobNotHeldError ? RpcErrorCode.jobNotHeld : RpcErrorCode.internal;
        if (code === RpcErrorCode.internal) log.error({ err, method: message.method }, 'provisioner daemon request failed');
        send({ jsonrpc: '2.0', id: message.id, error: { code, message: err instanceof Error ? err.message : String(err) } });
      },
    );
  };

  socket.on('message', (data, isBinary) => {
    try {
      if (!isBinary) throw new Error('The provisioner protocol uses binary frames.');
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      const message = reader.push(buf);
      if (message) handle(message);
    } catch (err) {
      log.warn({ err }, 'bad message from provisioner daemon');
      socket.close(1003, (err as Error).message.slice(0, 120));
    }
  });
  socket.on('pong', () => {
    alive = true;
  });
  const pinger = setInterval(() => {
    if (!alive) {
      log.warn('provisioner daemon stopped answering pings');
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
    void registering
      .then((api) => touchProvisionerDaemon(ctx.db, api.daemonId, ctx.clock()))
      .catch((err: unknown) => log.warn({ err }, 'recording daemon liveness failed'));
  }, options.pingIntervalMs ?? 15_000);

  return new Promise((resolve) => {
    socket.once('close', () => {
      open = false;
      clearInterval(pinger);
      for (const c of acquires.values()) c.abort();
      resolve();
    });
  });
}
