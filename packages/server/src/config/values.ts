import type { OptionValues } from '@warren/sdk';

/** A flag's value as a string; undefined when unset or empty. */
export function stringOf(values: OptionValues, flag: string): string | undefined {
  const raw = values[flag];
  return typeof raw === 'string' && raw !== '' ? raw : undefined;
}

export function isTrue(value: OptionValues[string]): boolean {
  return value === true || value === 'true' || value === '1';
}

/** A list flag: repeated, or comma-separated. */
export function listOf(values: OptionValues, flag: string): string[] {
  const raw = values[flag];
  if (raw === undefined || raw === '') return [];
  return (Array.isArray(raw) ? raw : String(raw).split(',')).map((s) => s.trim()).filter(Boolean);
}
