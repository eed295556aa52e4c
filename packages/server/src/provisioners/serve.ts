import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { ServerContext } from '../context';
import { channels } from '../db/pubsub';
import { badRequest } from '../http/errors';
import { createProvisionerDaemonApi } from '../jobs/daemon-api';
import { DEFAULT_DAEMON_LOST_TIMEOUT_MS, failJobsOfLostDaemon } from '../jobs/lost-daemon';
import { serveDaemonRpc, type DaemonRpcOptions } from './rpc-server';
import { authorizeServe, type ServeIdentity } from './serve-auth';

export interface ServeOptions extends DaemonRpcOptions {
  /** How long a job of a disconnected daemon may stay unreported before it fails (default 15 s). */
  daemonLostTimeoutMs?: number;
}

/**
 * `GET /organizations/{org}/provisionerdaemons/serve`: an external daemon's connection. It
 * authenticates itself (key, pre-shared key or session), so the route skips the session hook;
 * refusals answer plain HTTP before the upgrade.
 */
export function registerServeRoute(app: FastifyInstance, ctx: ServerContext, options: ServeOptions = {}): void {
  const identities = new WeakMap<FastifyRequest, ServeIdentity>();
  const sockets = new Map<WebSocket, ServeIdentity>();
  const lostTimeoutMs = options.daemonLostTimeoutMs ?? DEFAULT_DAEMON_LOST_TIMEOUT_MS;
  const lostChecks = new Set<NodeJS.Timeout>();
  let closing = false;
  // A daemon whose connection closes while it runs a job (killed, its host gone) gets a moment to
  // reconnect and report again; after that its job fails with "provisioner daemon lost".
  const watchForLostJobs = (daemon: { id: string; name: string }, log: typeof ctx.log) => {
    if (closing) return;
    const closedAt = ctx.clock();
    const timer = setTimeout(() => {
      lostChecks.delete(timer);
      failJobsOfLostDaemon(ctx, daemon, closedAt, lostTimeoutMs).then(
        (ids) => ids.length && log.warn({ jobs: ids }, 'failed the jobs of a lost provisioner daemon'),
        (err: unknown) => log.error({ err }, 'failing the jobs of a lost provisioner daemon failed'),
      );
    }, lostTimeoutMs);
    timer.unref();
    lostChecks.add(timer);
  };
  let unsubscribe: Promise<() => Promise<void>> | undefined;
  const watchKeyDeletions = () => {
    unsubscribe ??= ctx.pubsub.subscribe(channels.provisionerKeyDeleted, (keyId) => {
      for (const [socket, id] of sockets) if (id.keyId === keyId) socket.close(1008, 'The provisioner key was deleted.');
    });
    return unsubscribe;
  };
  app.addHook('preClose', async () => {
    // The server going away is no sign of a lost daemon: its jobs wait for the hang detector.
    closing = true;
    for (const t of lostChecks) clearTimeout(t);
    lostChecks.clear();
  });
  app.addHook('onClose', async () => {
    if (unsubscribe) await (await unsubscribe)();
  });

  app.route<{ Params: { org: string } }>({
    method: 'GET',
    url: '/api/v2/organizations/:org/provisionerdaemons/serve',
    config: { public: true },
    preHandler: async (req) => {
      identities.set(req, await authorizeServe(ctx, req, req.params.org));
    },
    handler: async () => {
      throw badRequest('Provisioner daemons connect with a WebSocket.', 'Send the request as a WebSocket upgrade.');
    },
    wsHandler: async (socket: WebSocket, req: FastifyRequest) => {
      const id = identities.get(req);
      if (!id) return socket.close(1011, 'not authorized');
      const log = ctx.log.child({ component: 'provisionerd-serve', daemon: id.name, auth: id.auth });
      sockets.set(socket, id);
      // Registered while the socket already listens: the daemon may send its first request at once.
      const registering = createProvisionerDaemonApi(ctx, {
        name: id.name,
        organizationId: id.organizationId,
        tags: id.tags,
        provisioners: id.provisioners,
        userId: id.userId,
        keyId: id.keyId,
        version: id.version || undefined,
        apiVersion: id.apiVersion,
      });
      const serving = serveDaemonRpc(ctx, socket, registering, log, options);
      try {
        await watchKeyDeletions();
        const api = await registering;
        ctx.metrics?.provisionerDaemonsConnected.inc({ organization_id: id.organizationId });
        log.info({ daemonId: api.daemonId, tags: id.tags }, 'provisioner daemon connected');
        try {
          await serving;
        } finally {
          ctx.metrics?.provisionerDaemonsConnected.dec({ organization_id: id.organizationId });
          await api.close();
          log.info({ daemonId: api.daemonId }, 'provisioner daemon disconnected');
          watchForLostJobs({ id: api.daemonId, name: id.name }, log);
        }
      } catch (err) {
        log.error({ err }, 'serving provisioner daemon failed');
        socket.close(1011, 'An internal server error occurred.');
      } finally {
        sockets.delete(socket);
      }
    },
  });
}
