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

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const UNIT_NAMES = 'ns, us, ms, s, m or h';

/**
 * Parses a duration in Go's `time.ParseDuration` syntax (`720h`, `1h30m`, `1.5h`, `500ms`, `-90s`,
 * `0`) into milliseconds; anything else is refused with a sentence saying what is wrong.
 */
export function parseDuration(text: string): number {
  const fail = (why: string): never => {
    throw new Error(`"${text}" is not a duration: ${why}`);
  };
  let rest = text.trim();
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') fail('use a number with a unit, such as 30s, 15m or 24h.');
  let total = 0;
  while (rest !== '') {
    const m = /^(\d*\.?\d*)([^\d.]*)/.exec(rest)!;
    const [whole, number, unit] = m as unknown as [string, string, string];
    if (!/\d/.test(number)) fail('use a number with a unit, such as 30s, 15m or 24h.');
    if (unit === '') fail(`"${number}" has no unit; add one of ${UNIT_NAMES}, such as ${number}s.`);
    const scale = UNITS[unit];
    if (scale === undefined) fail(`"${unit}" is not a unit; use ${UNIT_NAMES}${unit === 'd' ? ' (a day is 24h)' : ''}.`);
    total += Number(number) * scale!;
    rest = rest.slice(whole.length);
  }
  return sign * total;
}

/** Formats milliseconds as a Go-style duration (`720h0m0s` becomes `720h`). */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
