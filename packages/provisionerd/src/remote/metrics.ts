import type { AcquiredJob, CompletedJob, FailedJob, ProvisionerDaemonApi, UpdateJobRequest } from '@warren/sdk/provisionerd';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** A provisioner daemon's Prometheus metrics (names follow coderd's provisionerd). */
export class DaemonMetrics {
  readonly registry = new Registry();
  readonly jobsCurrent = new Gauge({
    name: 'coderd_provisionerd_jobs_current',
    help: 'The number of currently running provisioner jobs.',
    labelNames: ['provisioner'],
    registers: [this.registry],
  });
  readonly jobsTotal = new Counter({
    name: 'coderd_provisionerd_jobs_total',
    help: 'Finished provisioner jobs by type and result.',
    labelNames: ['provisioner', 'type', 'result'],
    registers: [this.registry],
  });
  readonly jobTimings = new Histogram({
    name: 'coderd_provisionerd_job_timings_seconds',
    help: 'The provisioner job time duration in seconds.',
    labelNames: ['provisioner', 'type', 'status'],
    buckets: [1, 10, 30, 60, 300, 600, 1800, 3600],
    registers: [this.registry],
  });
  readonly numDaemons = new Gauge({
    name: 'coderd_provisionerd_num_daemons',
    help: 'The number of provisioner daemons.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

/** Wraps the control plane so every acquired job is counted and timed until it is reported. */
export function instrumentApi(api: ProvisionerDaemonApi, metrics: DaemonMetrics, now: () => number = Date.now): ProvisionerDaemonApi {
  const running = new Map<string, { provisioner: string; type: string; startedAt: number }>();
  const finish = (jobId: string, result: 'success' | 'failed') => {
    const job = running.get(jobId);
    if (!job) return;
    running.delete(jobId);
    metrics.jobsCurrent.dec({ provisioner: job.provisioner });
    metrics.jobsTotal.inc({ provisioner: job.provisioner, type: job.type, result });
    metrics.jobTimings.observe({ provisioner: job.provisioner, type: job.type, status: result }, (now() - job.startedAt) / 1000);
  };
  return {
    async acquireJob(signal: AbortSignal): Promise<AcquiredJob | undefined> {
      const job = await api.acquireJob(signal);
      if (job) {
        running.set(job.jobId, { provisioner: job.provisioner, type: job.type.kind, startedAt: now() });
        metrics.jobsCurrent.inc({ provisioner: job.provisioner });
      }
      return job;
    },
    updateJob: (req: UpdateJobRequest) => api.updateJob(req),
    async completeJob(job: CompletedJob) {
      await api.completeJob(job);
      finish(job.jobId, 'success');
    },
    async failJob(job: FailedJob) {
      await api.failJob(job);
      finish(job.jobId, 'failed');
    },
  };
}
