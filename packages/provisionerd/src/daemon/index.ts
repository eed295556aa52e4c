export { canceledJobError, ProvisionerDaemon, shutdownJobError } from './daemon.js';
export { type ProvisionerDaemonPool, type ProvisionerDaemonPoolOptions, startProvisionerDaemons } from './daemon-pool.js';
export type { ProvisionerDaemonOptions } from './options.js';
