import path from 'node:path';
import type { ProvisionerDaemonApi } from '@warren/sdk/provisionerd';
import pino, { type Logger } from 'pino';
import { defaultAgentScripts } from '../provider/agent-scripts.js';
import { type Clock, systemClock } from '../terraform/clock.js';
import { DEFAULT_IN_PROCESS_PROVIDERS, type InProcessProviderName } from './in-process-providers.js';

export interface ProvisionerDaemonOptions {
  /** The control plane, as this daemon sees it. */
  api: ProvisionerDaemonApi;
  /**
   * This daemon's own folder: job folders go under `<root>/work`, the plugin cache and CLI
   * configuration under `<root>/tf`. Daemons running at the same time need different roots.
   */
  root: string;
  /** Shown in logs, e.g. "built-in-0". */
  name?: string;
  /** A terraform binary to use instead of `terraform` on the PATH. */
  terraformPath?: string;
  /** A terraform CLI configuration to use instead of the generated one. */
  cliConfigFile?: string;
  /** The daemon's environment (default `process.env`); its `CODER_*` variables never reach terraform. */
  hostEnv?: Readonly<Record<string, string | undefined>>;
  /**
   * The control plane's access URL, used when a job's metadata carries none (imports, dry-runs).
   * Default `http://localhost:3000`, as Coder.
   */
  accessUrl?: string;
  /**
   * Agent bootstrap scripts keyed `<os>_<arch>` (e.g. `linux_amd64`), exported to terraform as
   * `CODER_AGENT_SCRIPT_<os>_<arch>`; the provider substitutes `${ACCESS_URL}` and `${AUTH_TYPE}`.
   * Default: Coder's Linux bootstrap script for amd64, arm64 and armv7 (provider/agent-scripts.ts).
   */
  agentScripts?: Readonly<Record<string, string>>;
  /**
   * The providers served inside the daemon to each job through TF_REATTACH_PROVIDERS (the
   * `--in-process-providers` flag); a provider left out is installed by `terraform init` as usual.
   * Default: coder and docker.
   */
  inProcessProviders?: readonly InProcessProviderName[];
  logger?: Logger;
  clock?: Clock;
  /** Logs are sent at most this long after they are printed. Default 250 ms. */
  logFlushIntervalMs?: number;
  /** Logs are sent as soon as this many are waiting. Default 100. */
  logFlushLines?: number;
  /** An update (the heartbeat) is sent at least this often while a job runs, logs or not. Default 5 s. */
  heartbeatIntervalMs?: number;
  /** How long close() lets the current job run before canceling it. Default 30 s. */
  closeTimeoutMs?: number;
  /** How long terraform may take to stop after SIGINT before it is killed. Default 30 s. */
  terraformExitTimeoutMs?: number;
  /** First wait after a failed call to the control plane; doubled per failure. Default 1 s. */
  retryInitialMs?: number;
  /** Longest wait between retries. Default 30 s. */
  retryMaxMs?: number;
  /** How many times a job's final completeJob/failJob is attempted. Default 6. */
  finishAttempts?: number;
}

export type ResolvedDaemonOptions = Required<
  Omit<ProvisionerDaemonOptions, 'terraformPath' | 'cliConfigFile'>
> &
  Pick<ProvisionerDaemonOptions, 'terraformPath' | 'cliConfigFile'> & {
    workRoot: string;
    cacheDir: string;
  };

export function resolveDaemonOptions(options: ProvisionerDaemonOptions): ResolvedDaemonOptions {
  const name = options.name ?? path.basename(options.root);
  return {
    ...options,
    name,
    hostEnv: options.hostEnv ?? process.env,
    accessUrl: options.accessUrl ?? 'http://localhost:3000',
    inProcessProviders: options.inProcessProviders ?? DEFAULT_IN_PROCESS_PROVIDERS,
    agentScripts: options.agentScripts ?? defaultAgentScripts(),
    logger: (options.logger ?? pino({ level: 'silent' })).child({ component: 'provisionerd', daemon: name }),
    clock: options.clock ?? systemClock,
    logFlushIntervalMs: options.logFlushIntervalMs ?? 250,
    logFlushLines: options.logFlushLines ?? 100,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 5_000,
    closeTimeoutMs: options.closeTimeoutMs ?? 30_000,
    terraformExitTimeoutMs: options.terraformExitTimeoutMs ?? 30_000,
    retryInitialMs: options.retryInitialMs ?? 1_000,
    retryMaxMs: options.retryMaxMs ?? 30_000,
    finishAttempts: options.finishAttempts ?? 6,
    workRoot: path.join(options.root, 'work'),
    cacheDir: path.join(options.root, 'tf'),
  };
}
