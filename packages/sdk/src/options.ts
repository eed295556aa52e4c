/**
 * A process's option table: each option has a flag, a `CODER_*` environment name, a default and
 * a description. The CLI turns a table into flags and `--help`; the process parses the values.
 */
export interface OptionSpec {
  /** Long flag without dashes, e.g. `http-address`. */
  flag: string;
  /** One-letter alias, e.g. `t` for `-t`. */
  short?: string;
  env?: string;
  default?: string;
  description: string;
  kind: 'string' | 'int' | 'bool' | 'duration' | 'list';
  /** Hidden from `--help` (test and debugging knobs). */
  hidden?: boolean;
  /** Holds a secret (a password, a key): its value is never shown, e.g. by `/api/v2/deployment/config`. */
  secret?: boolean;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a Go duration such as `24h`, `1h30m` or `500ms` into milliseconds. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(trimmed); m; m = re.exec(trimmed)) {
    total += Number(m[1]) * UNITS[m[2]!]!;
    consumed = re.lastIndex;
  }
  if (consumed === 0 || consumed !== trimmed.length) {
    throw new Error(`"${text}" is not a duration: use a number with a unit, such as 30s, 15m or 24h.`);
  }
  return total;
}

/** Formats milliseconds as a Go-style duration (`720h0m0s` becomes `720h`). */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
