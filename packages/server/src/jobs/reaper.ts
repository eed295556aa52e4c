import type { Logger } from 'pino';
import type { ServerContext } from '../context';
import { completeProvisionerJob, listHungProvisionerJobs } from '../db/queries/provisioner-jobs';
import { Periodic } from '../periodic';
import { notifyJobChanged } from './notify';

export interface JobReaperOptions {
  /** A running job whose daemon has not reported for this long is failed; Coder's default is 90 s. */
  hangTimeoutMs?: number;
  /** How often to look; the reaper is also callable directly (tests advance the clock instead). */
  intervalMs?: number;
}

export const DEFAULT_JOB_HANG_TIMEOUT_MS = 90_000;

function describe(ms: number): string {
  const s = Math.round(ms / 1000);
  return s % 60 === 0 ? `${s / 60} minute${s === 60 ? '' : 's'}` : `${s} seconds`;
}

/**
 * Fails running jobs whose daemon went silent (crashed, lost its connection), so their
 * workspaces do not stay "starting" forever. A build keeps the state it started from.
 */
export class JobReaper {
  private readonly periodic: Periodic<number>;
  private readonly hangTimeoutMs: number;
  private readonly log: Logger;

  constructor(
    private readonly ctx: ServerContext,
    private readonly options: JobReaperOptions = {},
  ) {
    this.hangTimeoutMs = options.hangTimeoutMs ?? DEFAULT_JOB_HANG_TIMEOUT_MS;
    this.log = ctx.log.child({ component: 'job-reaper' });
    this.periodic = new Periodic(() => this.reap(), (err) => this.log.error({ err }, 'reaping hung jobs failed'));
  }

  start(): void {
    this.periodic.start(this.options.intervalMs ?? Math.max(1000, Math.floor(this.hangTimeoutMs / 3)));
  }

  /** Fails every hung job now; returns how many. */
  reapOnce(): Promise<number> {
    return this.periodic.runOnce();
  }

  close(): Promise<void> {
    return this.periodic.close();
  }

  private reap(): Promise<number> {
    const now = this.ctx.clock();
    const message =
      `The provisioner daemon running this job has not reported for ${describe(this.hangTimeoutMs)}; ` +
      'the job was marked as failed. Check that the provisioner daemon is running, then retry.';
    return this.ctx.db.tx(async (q) => {
      const hung = await listHungProvisionerJobs(q, new Date(now.getTime() - this.hangTimeoutMs));
      for (const job of hung) {
        await completeProvisionerJob(q, { id: job.id, now, error: message });
        await notifyJobChanged(q, job.id);
        this.log.warn({ job: job.id, worker: job.worker_id }, 'failed hung job');
      }
      return hung.length;
    });
  }
}
