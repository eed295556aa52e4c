import type { ProvisionerJob } from '@warren/sdk/jobs';
import type { ProvisionerDaemon } from '@warren/sdk/provisioners';

export type PendingReason =
  /** A matching daemon is connected: the job waits for its turn. */
  | { kind: 'queued' }
  /** Daemons match, but none has been seen recently. */
  | { kind: 'offline'; lastSeen?: string }
  /** No daemon at all is connected to the organization. */
  | { kind: 'no-daemons' }
  /** Tags (`k=v`) that no connected daemon has. */
  | { kind: 'unmatched-tags'; tags: string[] }
  /** An untagged job runs only on a daemon without extra tags, and every connected daemon has some. */
  | { kind: 'untagged' }
  /** Each tag is on some connected daemon, but no one daemon has them all. */
  | { kind: 'split'; tags: string[] };

const UNTAGGED = (tags: Record<string, string>) => Object.keys(tags).every((k) => k === 'scope' || k === 'owner') && tags.scope === 'organization' && !tags.owner;

/**
 * Why a pending job has not started, from its `matched_provisioners` and the organization's
 * daemons (Coder's rule: a job runs on a daemon whose tags include all of the job's; an untagged
 * job only on an untagged daemon). Undefined for jobs that are not pending.
 */
export function pendingReason(job: ProvisionerJob, daemons: ProvisionerDaemon[]): PendingReason | undefined {
  if (job.status !== 'pending') return undefined;
  const matched = job.matched_provisioners;
  if (matched && matched.available > 0) return { kind: 'queued' };
  if (matched && matched.count > 0) return { kind: 'offline', ...(matched.most_recently_seen ? { lastSeen: matched.most_recently_seen } : {}) };
  const connected = daemons.filter((d) => d.status !== 'offline' && d.status !== null);
  if (connected.length === 0) return { kind: 'no-daemons' };
  const unmatched = Object.entries(job.tags)
    .filter(([k, v]) => !connected.some((d) => d.tags[k] === v))
    .map(([k, v]) => `${k}=${v}`);
  if (unmatched.length > 0) return { kind: 'unmatched-tags', tags: unmatched };
  if (UNTAGGED(job.tags)) return { kind: 'untagged' };
  return { kind: 'split', tags: Object.entries(job.tags).map(([k, v]) => `${k}=${v}`) };
}

/** The reason as a sentence to show beside the job. */
export function pendingSentence(reason: PendingReason, relative: (iso: string) => string): string {
  switch (reason.kind) {
    case 'queued':
      return 'A matching provisioner is connected; the job starts when one is free.';
    case 'offline':
      return `The provisioners that match this job are offline${reason.lastSeen ? ` (last seen ${relative(reason.lastSeen)})` : ''}.`;
    case 'no-daemons':
      return 'No provisioner is connected to this organization.';
    case 'unmatched-tags':
      return `No connected provisioner has ${reason.tags.length === 1 ? 'the tag' : 'the tags'} ${reason.tags.join(', ')}.`;
    case 'untagged':
      return 'This job has no tags, so it runs only on a provisioner without tags, and every connected provisioner has tags.';
    case 'split':
      return `Connected provisioners have these tags, but none has all of them: ${reason.tags.join(', ')}.`;
  }
}
