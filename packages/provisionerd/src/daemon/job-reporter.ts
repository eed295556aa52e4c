import type { JobLog, ProvisionerDaemonApi, UpdateJobRequest, UpdateJobResponse } from '@warren/sdk/provisionerd';
import type { Clock } from '../terraform/clock.js';

export interface JobReporterOptions {
  api: Pick<ProvisionerDaemonApi, 'updateJob'>;
  jobId: string;
  clock: Clock;
  /** Logs are sent at most this long after they arrive. */
  flushIntervalMs: number;
  /** Logs are sent as soon as this many are waiting. */
  flushLines: number;
  /** An update is sent at least this often, logs or not. */
  heartbeatIntervalMs: number;
  /** Called once, when an update's answer says the job was canceled. */
  onCanceled: () => void;
  /** Told about updates that failed; their logs are kept and sent with the next update. */
  onUpdateError: (error: unknown) => void;
}

type Extra = Omit<UpdateJobRequest, 'jobId' | 'logs'>;

/**
 * Sends a job's progress to the control plane: logs in batches (every flush interval, or sooner
 * when many are waiting), a heartbeat update when nothing was sent for a while, and whatever else
 * the job reports. Updates go out one at a time, in order. Answers saying the job was canceled
 * reach `onCanceled`.
 */
export class JobReporter {
  private pending: JobLog[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private cancelFlushTimer: (() => void) | undefined;
  private cancelHeartbeat: (() => void) | undefined;
  private canceled = false;
  private closed = false;

  constructor(private readonly options: JobReporterOptions) {
    this.armHeartbeat();
  }

  /** Whether an update answered that the job was canceled. */
  get cancelRequested(): boolean {
    return this.canceled;
  }

  log(log: JobLog): void {
    if (this.closed) return;
    this.pending.push(log);
    if (this.pending.length >= this.options.flushLines) {
      void this.flush().catch(() => undefined);
    } else if (!this.cancelFlushTimer) {
      this.cancelFlushTimer = this.options.clock.setTimeout(() => {
        this.cancelFlushTimer = undefined;
        void this.flush().catch(() => undefined);
      }, this.options.flushIntervalMs);
    }
  }

  /** Sends the waiting logs now. Rejects when the update fails; the logs are then kept for the next one. */
  flush(): Promise<UpdateJobResponse | undefined> {
    return this.enqueue(() => (this.pending.length > 0 ? this.sendNow({}) : Promise.resolve(undefined)));
  }

  /** Sends the waiting logs together with `extra` (variables, README, ...) and returns the answer. */
  send(extra: Extra): Promise<UpdateJobResponse> {
    return this.enqueue(() => this.sendNow(extra));
  }

  /** Stops the timers; logs given afterwards are dropped. Call flush() first to send what is waiting. */
  close(): void {
    this.closed = true;
    this.cancelFlushTimer?.();
    this.cancelFlushTimer = undefined;
    this.cancelHeartbeat?.();
    this.cancelHeartbeat = undefined;
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.chain.then(task);
    this.chain = result.catch(() => undefined);
    return result;
  }

  private async sendNow(extra: Extra): Promise<UpdateJobResponse> {
    this.cancelFlushTimer?.();
    this.cancelFlushTimer = undefined;
    const logs = this.pending;
    this.pending = [];
    try {
      const response = await this.options.api.updateJob({ ...extra, jobId: this.options.jobId, logs });
      if (response.canceled && !this.canceled) {
        this.canceled = true;
        this.options.onCanceled();
      }
      return response;
    } catch (error) {
      this.pending = [...logs, ...this.pending];
      this.options.onUpdateError(error);
      throw error;
    } finally {
      this.armHeartbeat();
      if (this.pending.length > 0 && !this.closed && !this.cancelFlushTimer) {
        this.cancelFlushTimer = this.options.clock.setTimeout(() => {
          this.cancelFlushTimer = undefined;
          void this.flush().catch(() => undefined);
        }, this.options.flushIntervalMs);
      }
    }
  }

  /** (Re)starts the heartbeat countdown: an update is due this long after the last one. */
  private armHeartbeat(): void {
    this.cancelHeartbeat?.();
    this.cancelHeartbeat = undefined;
    if (this.closed) return;
    this.cancelHeartbeat = this.options.clock.setTimeout(() => {
      this.cancelHeartbeat = undefined;
      void this.send({}).catch(() => undefined);
    }, this.options.heartbeatIntervalMs);
  }
}
