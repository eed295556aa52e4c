/**
 * A template whose plan or state cannot be turned into workspace resources. The message is the one
 * Coder reports for the same template (for example `duplicate metadata resource: null_resource.a`).
 */
export class ConvertStateError extends Error {
  override readonly name = 'ConvertStateError';
}

/** Receives things ConvertState accepts but that look wrong, with fields for the log line. */
export type Warn = (message: string, fields: Record<string, unknown>) => void;

/** Go's `%q` for the strings that appear in these messages. */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** `a`, `a and b`, `a, b and c`: how Coder lists names in an error. */
export function joinWithConjunction(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
