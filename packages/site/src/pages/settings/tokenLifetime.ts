/** Coder's token lifetime choices, in days, offered when the deployment allows them. */
export const LIFETIME_DAY_PRESETS = [7, 30, 60, 90] as const;
export const CUSTOM_LIFETIME = 'custom';
export const DEFAULT_LIFETIME_DAYS = 30;

const NS_PER_MS = 1_000_000;
export const DAY_MS = 24 * 3600_000;

/** Go durations on the wire are nanoseconds. */
export const daysToNs = (days: number): number => days * DAY_MS * NS_PER_MS;

/** The presets a maximum lifetime (nanoseconds) allows. */
export function allowedPresets(maxLifetimeNs: number): number[] {
  return LIFETIME_DAY_PRESETS.filter((d) => daysToNs(d) <= maxLifetimeNs);
}

/** "YYYY-MM-DD" of a time, in local time, as a date input wants it. */
export function dateInputValue(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The lifetime (nanoseconds) of a token that expires at the end of a chosen day, or a sentence
 * saying why that day cannot be chosen.
 */
export function lifetimeUntil(date: string, now: number, maxLifetimeNs: number): { ns: number } | { error: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return { error: 'Choose the day the token expires.' };
  const end = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59).getTime();
  const ms = end - now;
  if (Number.isNaN(ms) || ms <= 0) return { error: 'Choose a day after today.' };
  const capped = Math.min(ms, maxLifetimeNs / NS_PER_MS);
  if (ms - capped > DAY_MS) return { error: `Choose a day within ${Math.floor(maxLifetimeNs / NS_PER_MS / DAY_MS)} days: the deployment allows no longer.` };
  return { ns: Math.floor(capped) * NS_PER_MS };
}
