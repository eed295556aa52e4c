import type { Writable } from 'node:stream';
import { CliError } from './io';

export type Row = Record<string, unknown>;

/** Prints rows as Coder's CLI does: upper-case headers and columns padded by two spaces. */
export function formatTable(rows: Row[], columns: string[]): string {
  const cells = rows.map((row) => columns.map((c) => formatCell(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n') + '\n';
}

function formatCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(formatCell).join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export interface OutputOptions {
  output?: string;
  column?: string[];
}

/**
 * Writes `-o table` (default, with `-c` choosing columns among `available`) or `-o json`
 * (the API objects themselves).
 */
export function writeList(
  out: Writable,
  opts: OutputOptions,
  items: unknown[],
  toRow: (item: never) => Row,
  available: string[],
  defaults: string[],
): void {
  const format = opts.output ?? 'table';
  if (format === 'json') {
    out.write(JSON.stringify(items, null, 2) + '\n');
    return;
  }
  if (format !== 'table') throw new CliError(`Unknown output format "${format}": use "table" or "json".`);
  const columns = opts.column?.length ? opts.column.map((c) => c.toLowerCase()) : defaults;
  const unknown = columns.filter((c) => !available.includes(c));
  if (unknown.length) throw new CliError(`Unknown column "${unknown[0]}". Available columns: ${available.join(', ')}.`);
  out.write(formatTable(items.map((i) => toRow(i as never)), columns));
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
