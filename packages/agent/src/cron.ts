/**
 * Cron schedules of agent scripts. Coder parses them with seconds first and the day of week
 * optional (`cron.Second | Minute | Hour | Dom | Month | DowOptional`), so `*\/5 * * * *` means
 * every five seconds there; croner reads six fields as seconds-first too.
 */
import { Cron } from 'croner';

/** Normalises a Coder cron spec to croner's six seconds-first fields (descriptors pass through). */
export function normalizeCron(spec: string): string {
  const trimmed = spec.trim();
  if (trimmed.startsWith('@')) return trimmed;
  const fields = trimmed.split(/\s+/);
  if (fields.length === 5) return `${trimmed} *`;
  if (fields.length === 6) return trimmed;
  throw new Error(`"${spec}" is not a cron schedule: use six fields (seconds first) or five with the day of week left out.`);
}

/** The next run times after `from`, for tests and for logging the schedule. */
export function nextRuns(spec: string, count: number, from: Date): Date[] {
  const job = new Cron(normalizeCron(spec), { paused: true });
  const runs = job.nextRuns(count, from);
  job.stop();
  return runs;
}

/** Schedules `fn`; a run still going when the next is due is skipped. Returns a stop function. */
export function schedule(spec: string, fn: () => Promise<void>): () => void {
  const job = new Cron(normalizeCron(spec), { protect: true, catch: true }, async () => {
    await fn();
  });
  return () => job.stop();
}

/** Go durations in the manifest are nanoseconds; 0 or absent means none. */
export function nsToMs(ns: number | undefined): number {
  return ns && ns > 0 ? Math.ceil(ns / 1_000_000) : 0;
}
