/** One measurement as Coder's `stat` reports it: used of total (total absent when unlimited). */
export interface StatResult {
  total: number | null;
  unit: string;
  used: number;
}

export const PREFIXES = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 } as const;
export type Prefix = keyof typeof PREFIXES;

export function isPrefix(value: string): value is Prefix {
  return Object.hasOwn(PREFIXES, value);
}

/** At most three significant decimals, fewer for larger numbers (as Coder keeps columns short). */
function humanize(n: number): string {
  const abs = Math.abs(n);
  const digits = abs === 0 ? 0 : abs < 1 ? 3 : abs < 10 ? 2 : abs < 100 ? 1 : 0;
  const scale = 10 ** digits;
  return String(Math.round(n * scale) / scale);
}

/** `1.23/4 cores (31%)`, `3.1/7.77 GiB (40%)`, `0.5 cores`; `-` for a measurement that does not apply. */
export function formatResult(r: StatResult | null, prefix?: Prefix): string {
  if (!r) return '-';
  const scale = prefix ? PREFIXES[prefix] : 1;
  let text = humanize(r.used / scale);
  if (r.total !== null) text += `/${humanize(r.total / scale)}`;
  text += ` ${prefix ?? ''}${r.unit}`;
  if (r.total !== null && r.total > 0) text += ` (${((r.used / r.total) * 100).toFixed(0)}%)`;
  return text.trim();
}
