import path from 'node:path';
import type { ProvisionerDaemonApi } from '@warren/sdk/provisionerd';
import { ProvisionerDaemon } from './daemon.js';
import type { ProvisionerDaemonOptions } from './options.js';

export interface ProvisionerDaemonPoolOptions extends Omit<ProvisionerDaemonOptions, 'api' | 'root' | 'name'> {
  /** How many daemons to run; each runs one job at a time. */
  count: number;
  /** Daemon N keeps its job folders and plugin cache under `<root>/provisioner-N`. */
  root: string;
  /** The control plane as daemon N sees it (its own identity, tags, ...). */
  api: (index: number, name: string) => ProvisionerDaemonApi;
  /** Daemon names are `<namePrefix>-N`. Default "built-in". */
  namePrefix?: string;
}

export interface ProvisionerDaemonPool {
  daemons: ProvisionerDaemon[];
  /** Closes every daemon, all at once, each with its own grace period. */
  close(): Promise<void>;
}

/** Creates and starts `count` daemons, like the built-in provisioners of `coder server`. */
export function startProvisionerDaemons(options: ProvisionerDaemonPoolOptions): ProvisionerDaemonPool {
  const { count, root, api, namePrefix = 'built-in', ...shared } = options;
  const daemons = Array.from({ length: count }, (_, index) => {
    const name = `${namePrefix}-${index}`;
    return new ProvisionerDaemon({ ...shared, name, api: api(index, name), root: path.join(root, `provisioner-${index}`) });
  });
  for (const daemon of daemons) daemon.start();
  return {
    daemons,
    close: async () => {
      await Promise.all(daemons.map((daemon) => daemon.close()));
    },
  };
}
