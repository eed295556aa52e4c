import type { ServerContext } from '../context';
import { completeProvisionerJob, listSilentJobsOfDaemon } from '../db/queries/provisioner-jobs';
import { notifyJobChanged } from './notify';

/**
 * How long a job may go unreported after its daemon's connection closed before it is failed:
 * three of the daemon's 5 s heartbeats. A daemon that reconnects in time keeps its job.
 */
export const DEFAULT_DAEMON_LOST_TIMEOUT_MS = 15_000;

export function daemonLostMessage(name: string, timeoutMs: number): string {
  return (
    `provisioner daemon lost: the connection to provisioner daemon "${name}" closed while it ran this job, ` +
    `and it did not report again within ${Math.round(timeoutMs / 1000)} seconds. Start the build again.`
  );
}

/**
 * Fails the jobs a daemon held when its connection closed at `closedAt`, unless it reported on
 * them since (it reconnected and carried on). Answers the ids of the jobs failed.
 */
export function failJobsOfLostDaemon(
  ctx: ServerContext,
  daemon: { id: string; name: string },
  closedAt: Date,
  timeoutMs: number,
): Promise<string[]> {
  return ctx.db.tx(async (q) => {
    const silent = await listSilentJobsOfDaemon(q, daemon.id, closedAt);
    for (const job of silent) {
      await completeProvisionerJob(q, { id: job.id, now: ctx.clock(), error: daemonLostMessage(daemon.name, timeoutMs) });
      await notifyJobChanged(q, job.id);
    }
    return silent.map((j) => j.id);
  });
}
