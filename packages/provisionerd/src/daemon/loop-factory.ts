import path from 'node:path';
import type { ProvisionerDaemonApi } from '@warren/sdk/provisionerd';
import type { Logger } from 'pino';
import { ProvisionerDaemon } from './daemon.js';
import type { ProvisionerDaemonOptions } from './options.js';

export type DaemonLoopOptions = Omit<ProvisionerDaemonOptions, 'api' | 'root' | 'name' | 'logger' | 'accessUrl'>;

/**
 * How a server runs its built-in daemons: each one gets its own folder under `root`
 * (`<root>/<name>`), and starts acquiring at once.
 */
export function daemonLoopFactory(root: string, options: DaemonLoopOptions = {}) {
  return (api: ProvisionerDaemonApi, { name, log, accessUrl }: { name: string; log: Logger; accessUrl: string }) => {
    const daemon = new ProvisionerDaemon({ ...options, api, name, logger: log, accessUrl, root: path.join(root, name) });
    daemon.start();
    return daemon;
  };
}
