import type { LogLevel } from './types.js';

/** A log line before it is given a stage and a time. */
export interface LogLine {
  level: LogLevel;
  output: string;
}

/** The parts of a terraform `-json` diagnostic that are shown to people. */
interface Diagnostic {
  severity?: string;
  summary?: string;
  detail?: string;
  range?: { filename?: string; start?: { line?: number } };
  snippet?: {
    context?: string | null;
    code?: string;
    start_line?: number;
    values?: { traversal?: string; statement?: string }[];
  };
}

interface MachineReadableLine {
  '@level'?: unknown;
  '@message'?: unknown;
  diagnostic?: Diagnostic;
}

/**
 * Turns one line of terraform's machine-readable stdout (`-json`) into log lines: the message at its
 * level, then a diagnostic's source snippet and detail line by line at the diagnostic's severity.
 * Lines that are not JSON are logged as they are at `plainLevel`; blank lines are dropped.
 */
export function parseMachineReadableLine(line: string, plainLevel: LogLevel): LogLine[] {
  const parsed = parseJsonObject(line);
  if (!parsed) return line.trim() === '' ? [] : [{ level: plainLevel, output: line }];
  const lines: LogLine[] = [];
  const level = convertLevel(parsed['@level'], lines);
  lines.push({ level, output: String(parsed['@message'] ?? '') });
  const rendered = parsed.diagnostic ? formatDiagnostic(parsed.diagnostic).trimEnd() : '';
  if (rendered !== '') {
    const diagnosticLevel = parsed.diagnostic?.severity === 'warning' ? 'warn' : 'error';
    for (const output of rendered.split('\n')) lines.push({ level: diagnosticLevel, output });
  }
  return lines;
}

/**
 * Renders a diagnostic below its summary the way terraform's own console output does:
 * "on FILE line N, in CONTEXT:", the numbered source lines, the values involved, then the detail.
 */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const parts: string[] = [];
  const { range, snippet } = diagnostic;
  if (range) {
    const line = range.start?.line ?? 0;
    if (!snippet) {
      parts.push(`on ${range.filename ?? ''} line ${line}:`, '  (source code not available)');
    } else {
      parts.push(`on ${range.filename ?? ''} line ${line}${snippet.context ? `, in ${snippet.context}` : ''}:`);
      (snippet.code ?? '').split('\n').forEach((code, index) => parts.push(`  ${(snippet.start_line ?? line) + index}: ${code}`));
      const values = [...(snippet.values ?? [])].sort((a, b) => (a.traversal ?? '').localeCompare(b.traversal ?? ''));
      if (values.length > 0) {
        parts.push('    ├────────────────');
        for (const value of values) parts.push(`    │ ${value.traversal ?? ''} ${value.statement ?? ''}`);
      }
    }
    parts.push('');
  }
  parts.push(diagnostic.detail ?? '');
  return parts.join('\n');
}

/**
 * Classifies terraform's stderr lines. JSON lines (from `TF_LOG=JSON`) keep their level, except that
 * trace is dropped and info is lowered to debug. Plain lines are errors, except the lines of a console
 * diagnostic box ("╷ │ Warning: … ╵") headed "Warning:", which are warnings; the box drawing is removed.
 */
export class StderrClassifier {
  private boxLevel: LogLevel | undefined;

  classify(line: string): LogLine[] {
    const parsed = parseJsonObject(line);
    if (parsed) {
      const lines: LogLine[] = [];
      const level = convertLevel(parsed['@level'], lines);
      if (level === 'trace') return lines;
      lines.push({ level: level === 'info' ? 'debug' : level, output: String(parsed['@message'] ?? '') });
      return lines;
    }
    if (line.startsWith('╷')) {
      this.boxLevel = 'error';
      return [];
    }
    if (line.startsWith('╵')) {
      this.boxLevel = undefined;
      return [];
    }
    const text = line.replace(/^│ ?/, '');
    if (text.trim() === '') return [];
    const heading = /^(Warning|Error):/.exec(text);
    if (heading) {
      const level = heading[1] === 'Warning' ? 'warn' : 'error';
      if (this.boxLevel !== undefined) this.boxLevel = level;
      return [{ level, output: text }];
    }
    return [{ level: this.boxLevel ?? 'error', output: text }];
  }
}

/** Maps terraform's `@level`; an unknown level is logged as info after a warning line about it. */
function convertLevel(raw: unknown, lines: LogLine[]): LogLevel {
  const level = String(raw ?? '').toLowerCase();
  switch (level) {
    case 'trace':
    case 'debug':
    case 'info':
    case 'warn':
    case 'error':
      return level;
    case 'warning':
      return 'warn';
    default:
      lines.push({ level: 'warn', output: `unable to convert log level ${String(raw)}` });
      return 'info';
  }
}

function parseJsonObject(line: string): MachineReadableLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null ? (parsed as MachineReadableLine) : undefined;
  } catch {
    return undefined;
  }
}
