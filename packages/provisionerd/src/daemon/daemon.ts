import type { AcquiredJob } from '@warren/sdk/provisionerd';
import type { Logger } from 'pino';
import { findTerraform } from '../terraform/terraform-binary.js';
import { TerraformRunner } from '../terraform/terraform-runner.js';
import { Backoff, settlesWithin, sleep } from './backoff.js';
import { JobReporter } from './job-reporter.js';
import { type ProvisionerDaemonOptions, type ResolvedDaemonOptions, resolveDaemonOptions } from './options.js';
import { type JobOutcome, JobLogWriter, runJob } from './run-job.js';

/** The error of a job canceled through the control plane. */
export const canceledJobError = 'canceled';
/** The error of a job still running when close() ran out of patience. */
export const shutdownJobError = 'The provisioner daemon shut down before the job finished.';

/** Wait before asking again when the control plane answered "no job" without being asked to stop. */
const emptyAcquireWaitMs = 250;

interface RunningJob {
  jobId: string;
  cancel: (error: string) => void;
}

/**
 * A provisioner daemon: acquires jobs from the control plane one at a time, runs them with terraform,
 * streams their logs (which double as the heartbeat) and reports how they ended. Failed calls to the
 * control plane are retried with backoff; the loop only ends with close().
 */
export class ProvisionerDaemon {
  private readonly options: ResolvedDaemonOptions;
  private readonly logger: Logger;
  /** Aborted by close(): stops acquiring and waiting between retries. */
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private current: RunningJob | undefined;
  private runner: Promise<TerraformRunner> | undefined;

  constructor(options: ProvisionerDaemonOptions) {
    this.options = resolveDaemonOptions(options);
    this.logger = this.options.logger;
  }

  get name(): string {
    return this.options.name;
  }

  /** The id of the job being run, if any. */
  get currentJobId(): string | undefined {
    return this.current?.jobId;
  }

  /** Starts acquiring jobs. Does nothing when already started or closed. */
  start(): void {
    if (this.loop || this.stopping.signal.aborted) return;
    this.logger.info('provisioner daemon started');
    this.loop = this.acquireLoop().catch((error: unknown) => {
      this.logger.error({ err: error }, 'provisioner daemon loop stopped unexpectedly');
    });
  }

  /**
   * Stops acquiring, lets the current job finish for up to `closeTimeoutMs`, then cancels it and
   * waits until it has been reported. Safe to call more than once.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.stopping.abort();
    if (!this.loop) return;
    if (!(await settlesWithin(this.options.clock, this.loop, this.options.closeTimeoutMs))) {
      this.logger.warn({ jobId: this.current?.jobId }, 'canceling the running job to shut down');
      this.current?.cancel(shutdownJobError);
      await this.loop;
    }
    this.logger.info('provisioner daemon stopped');
  }

  private async acquireLoop(): Promise<void> {
    const { api, clock, retryInitialMs, retryMaxMs } = this.options;
    const signal = this.stopping.signal;
    const backoff = new Backoff(retryInitialMs, retryMaxMs);
    while (!signal.aborted) {
      let job: AcquiredJob | undefined;
      try {
        job = await api.acquireJob(signal);
        backoff.reset();
      } catch (error) {
        if (signal.aborted) break;
        const retryInMs = backoff.next();
        this.logger.warn({ err: error, retryInMs }, 'acquire job failed');
        await sleep(clock, retryInMs, signal);
        continue;
      }
      // A job handed out while closing is ours all the same: run it.
      if (job) await this.execute(job);
      else if (!signal.aborted) await sleep(clock, emptyAcquireWaitMs, signal);
    }
  }

  private async execute(job: AcquiredJob): Promise<void> {
    const { api, clock } = this.options;
    const logger = this.logger.child({ jobId: job.jobId, jobType: job.type.kind, ...traceFields(job) });
    const controller = new AbortController();
    let cancelError: string | undefined;
    const cancel = (error: string) => {
      if (controller.signal.aborted) return;
      cancelError = error;
      controller.abort();
    };
    this.current = { jobId: job.jobId, cancel };
    logger.info('acquired job');
    const reporter = new JobReporter({
      api,
      jobId: job.jobId,
      clock,
      flushIntervalMs: this.options.logFlushIntervalMs,
      flushLines: this.options.logFlushLines,
      heartbeatIntervalMs: this.options.heartbeatIntervalMs,
      onCanceled: () => {
        logger.info('job canceled by the control plane');
        cancel(canceledJobError);
      },
      onUpdateError: (error) => logger.warn({ err: error }, 'job update failed; will retry'),
    });
    try {
      const outcome = await runJob({
        job,
        reporter,
        signal: controller.signal,
        runner: () => this.terraformRunner(),
        accessUrl: this.options.accessUrl,
        inProcessProviders: this.options.inProcessProviders,
        clock,
        cancelMessage: () => cancelError ?? canceledJobError,
      });
      new JobLogWriter(reporter, clock).daemon('Cleaning Up');
      reporter.close();
      await this.report(outcome, reporter, logger);
    } finally {
      reporter.close();
      this.current = undefined;
    }
  }

  /** Sends the last logs and then how the job ended, retrying a bounded number of times. */
  private async report(outcome: JobOutcome, reporter: JobReporter, logger: Logger): Promise<void> {
    const { api, clock, retryInitialMs, retryMaxMs, finishAttempts } = this.options;
    const backoff = new Backoff(retryInitialMs, retryMaxMs);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await reporter.flush();
        if ('completed' in outcome) {
          await api.completeJob(outcome.completed);
          logger.info('job completed');
        } else {
          await api.failJob(outcome.failed);
          logger.info({ error: outcome.failed.error }, 'job failed');
        }
        return;
      } catch (error) {
        if (attempt >= finishAttempts) {
          logger.error({ err: error, attempts: attempt }, 'could not report the end of the job; giving up');
          return;
        }
        const retryInMs = backoff.next();
        logger.warn({ err: error, retryInMs }, 'reporting the end of the job failed');
        await sleep(clock, retryInMs);
      }
    }
  }

  /** The runner, created once terraform is found; looked up again for the next job when it is missing. */
  private terraformRunner(): Promise<TerraformRunner> {
    if (!this.runner) {
      const { terraformPath, hostEnv, workRoot, cacheDir, cliConfigFile, agentScripts, clock } = this.options;
      const runner = findTerraform({ binaryPath: terraformPath, env: hostEnv }).then((terraform) => {
        this.logger.info({ path: terraform.path, version: terraform.version }, 'using terraform');
        return new TerraformRunner({
          terraform,
          workRoot,
          cacheDir,
          cliConfigFile,
          hostEnv,
          agentScripts,
          exitTimeoutMs: this.options.terraformExitTimeoutMs,
          clock,
        });
      });
      this.runner = runner;
      runner.catch(() => {
        if (this.runner === runner) this.runner = undefined;
      });
    }
    return this.runner;
  }
}

/** The request id a job carries from the request that queued it, for the daemon's lines about it. */
function traceFields(job: AcquiredJob): { request_id?: string } {
  const requestId = job.traceMetadata?.request_id;
  return typeof requestId === 'string' ? { request_id: requestId } : {};
}
