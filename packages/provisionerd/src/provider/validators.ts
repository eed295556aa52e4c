// Small helpers shared by the coder schemas: the implicit `id`, SDK-style validation messages,
// and reading configuration values that may still be unknown.
import { attribute, isUnknown, t } from '../tfplugin/index.js';

/** The implicit `id` every SDKv2 resource and data source has. */
export const id = attribute(t.string, { optional: true, computed: true });

/** The value when it is known, else undefined (unknown values are checked again later). */
export function known<T>(value: T): Exclude<T, import('../tfplugin/index.js').Unknown> | undefined {
  return isUnknown(value) ? undefined : (value as Exclude<T, import('../tfplugin/index.js').Unknown>);
}

/** Go's %q for the usual strings. */
export const quote = (text: string) => JSON.stringify(text);

export const oneOf = (name: string, allowed: readonly string[]) => (value: string) =>
  allowed.includes(value) ? undefined : `expected ${name} to be one of [${allowed.map(quote).join(' ')}], got ${value}`;

export const range = (name: string, min: number, max: number) => (value: number) =>
  value >= min && value <= max ? undefined : `expected ${name} to be in the range (${min} - ${max}), got ${value}`;

export const maxLength = (message: string, max: number) => (value: string) => (value.length > max ? message : undefined);

export function isValidUrl(value: string): string | undefined {
  try {
    new URL(value, 'http://relative.invalid');
    return undefined;
  } catch {
    return `invalid URL ${quote(value)}`;
  }
}
