import { parseDuration } from '@warren/sdk';
import { CliError } from './io';

/** Formats milliseconds as Go's time.Duration.String() does (`0s`, `850µs`, `12.5ms`, `1m2.5s`). */
export function formatGoDuration(ms: number): string {
  let ns = Math.round(ms * 1e6);
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  ns = Math.abs(ns);
  const trim = (whole: number, frac: number, digits: number) => {
    const f = String(frac).padStart(digits, '0').replace(/0+$/, '');
    return f ? `${whole}.${f}` : String(whole);
  };
  if (ns < 1_000) return `${sign}${ns}ns`;
  if (ns < 1_000_000) return `${sign}${trim(Math.floor(ns / 1_000), ns % 1_000, 3)}µs`;
  if (ns < 1_000_000_000) return `${sign}${trim(Math.floor(ns / 1_000_000), ns % 1_000_000, 6)}ms`;
  const h = Math.floor(ns / 3_600_000_000_000);
  const m = Math.floor((ns % 3_600_000_000_000) / 60_000_000_000);
  const restNs = ns % 60_000_000_000;
  const s = trim(Math.floor(restNs / 1_000_000_000), restNs % 1_000_000_000, 9);
  return `${sign}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

/** A Go duration flag's value in ms, at least `min`; a bad value is a sentence naming the flag. */
export function durationFlag(flag: string, text: string, min = 0): number {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (err) {
    throw new CliError(`${flag}: ${(err as Error).message}`);
  }
  if (ms < min) throw new CliError(`${flag} must be at least ${formatGoDuration(min)}.`);
  return ms;
}
