import { createServer } from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

export interface MetricsEndpoint {
  url: URL;
  close(): Promise<void>;
}

/** Serves `registry` in Prometheus' text format at every path of `address`. */
export async function serveMetrics(registry: Registry, address: { host: string; port: number }, log: Logger): Promise<MetricsEndpoint> {
  const server = createServer((_req, res) => {
    registry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
      (err: unknown) => {
        log.error({ err }, 'collecting metrics failed');
        res.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => resolve());
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : address.port;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  const url = new URL(`http://${host}:${port}/`);
  log.info({ address: `${host}:${port}` }, 'serving prometheus metrics');
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
