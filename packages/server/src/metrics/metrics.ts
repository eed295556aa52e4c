import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The control plane's Prometheus metrics (names and labels follow coderd's where coderd has them). */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly requestLatency = new Histogram({
    name: 'coderd_api_request_latencies_seconds',
    help: 'Latency distribution of requests in seconds.',
    labelNames: ['method', 'path'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5, 10, 30],
    registers: [this.registry],
  });
  readonly requestsProcessed = new Counter({
    name: 'coderd_api_requests_processed_total',
    help: 'The total number of processed API requests.',
    labelNames: ['code', 'method', 'path'],
    registers: [this.registry],
  });
  readonly concurrentRequests = new Gauge({
    name: 'coderd_api_concurrent_requests',
    help: 'The number of concurrent API requests.',
    registers: [this.registry],
  });
  readonly concurrentWebsockets = new Gauge({
    name: 'coderd_api_concurrent_websockets',
    help: 'Total number of concurrent WebSocket connections.',
    registers: [this.registry],
  });
  readonly provisionerDaemonsConnected = new Gauge({
    name: 'coderd_provisioner_daemons_connected',
    help: 'External provisioner daemons connected to this server.',
    labelNames: ['organization_id'],
    registers: [this.registry],
  });
  readonly dbQueryLatency = new Histogram({
    name: 'coderd_db_query_latencies_seconds',
    help: 'Latency distribution of queries in seconds.',
    labelNames: ['query'],
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

/** Times every request, counts requests in flight and open WebSockets. Install before the routes. */
export function installHttpMetrics(app: FastifyInstance, metrics: ServerMetrics): void {
  const inFlight = new WeakSet<object>();
  const done = (req: object) => {
    if (inFlight.delete(req)) metrics.concurrentRequests.dec();
  };
  app.addHook('onRequest', async (req) => {
    if (req.headers.upgrade?.toLowerCase() === 'websocket') {
      metrics.concurrentWebsockets.inc();
      req.raw.socket.once('close', () => metrics.concurrentWebsockets.dec());
      return;
    }
    inFlight.add(req);
    metrics.concurrentRequests.inc();
  });
  app.addHook('onRequestAbort', async (req) => done(req));
  app.addHook('onResponse', async (req, reply) => {
    done(req);
    // The route pattern (`/api/v2/workspaces/:workspace`), never the raw URL: one series per route.
    const path = req.is404 ? 'unknown' : (req.routeOptions.url ?? 'unknown');
    metrics.requestLatency.observe({ method: req.method, path }, reply.elapsedTime / 1000);
    metrics.requestsProcessed.inc({ code: String(reply.statusCode), method: req.method, path });
  });
}
