import path from 'node:path';
import type { Logger } from 'pino';
import { ProvisionerDaemon } from '../daemon/daemon.js';
import { RemoteProvisionerApi, type RemoteAuth } from './connection.js';
import type { RefusedError } from './dial.js';
import { serveMetrics } from '@warren/node-kit/metrics-endpoint';
import { DaemonMetrics, instrumentApi } from './metrics.js';
import type { ProvisionerStartConfig } from './options.js';

export interface ExternalProvisionerOptions {
  config: ProvisionerStartConfig;
  /** The deployment URL. */
  url: URL;
  /** Organization id or name to serve. */
  organization: string;
  auth: RemoteAuth;
  logger: Logger;
  /** Told when the server refuses the daemon, at the first connection or later (a deleted key). */
  onRefused?: (err: RefusedError) => void;
  /** Passed to ProvisionerDaemon (tests shorten the heartbeat). */
  heartbeatIntervalMs?: number;
}

export interface ExternalProvisioner {
  /** Settles at the first connection to coderd; fails when the server refuses the daemon. */
  ready: Promise<void>;
  metricsUrl?: string;
  /** Stops acquiring, lets the running job finish (bounded), then disconnects. */
  close(): Promise<void>;
}

/**
 * `warren provisioner start`: one ProvisionerDaemon whose control plane is the serve WebSocket of
 * a remote server. Job folders and the plugin cache live under `<cache-dir>/provisioners/<name>`.
 */
export async function startExternalProvisioner(options: ExternalProvisionerOptions): Promise<ExternalProvisioner> {
  const { config, logger } = options;
  const metrics = new DaemonMetrics();
  metrics.numDaemons.set(1);
  const endpoint = config.prometheusAddress
    ? await serveMetrics(metrics.registry, config.prometheusAddress, logger.child({ component: 'prometheus' }))
    : undefined;
  const remote = new RemoteProvisionerApi({
    url: options.url,
    organization: options.organization,
    auth: options.auth,
    name: config.name,
    tags: config.tags,
    logger: logger.child({ component: 'coderd-connection' }),
    onRefused: options.onRefused,
  });
  remote.start();
  const daemon = new ProvisionerDaemon({
    api: instrumentApi(remote, metrics),
    root: path.join(config.cacheDir, 'provisioners', config.name),
    name: config.name,
    logger,
    accessUrl: options.url.toString().replace(/\/$/, ''),
    closeTimeoutMs: config.shutdownTimeoutMs,
    inProcessProviders: config.inProcessProviders,
    ...(options.heartbeatIntervalMs ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
  });
  daemon.start();
  let closing: Promise<void> | undefined;
  return {
    ready: remote.ready,
    metricsUrl: endpoint?.url.toString(),
    close() {
      closing ??= (async () => {
        await daemon.close();
        await remote.close();
        await endpoint?.close();
      })();
      return closing;
    },
  };
}
