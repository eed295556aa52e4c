/**
 * Rewrites pino's JSON lines for people and for Google Cloud Logging. The human form follows
 * Coder's: `2026-01-02 15:04:05.000 [info]  provisionerd.built-in-0: acquired job  job_id=...`,
 * then an error's stack indented below it.
 */

const LEVEL_NAMES: Record<number, string> = { 10: 'trac', 20: 'debu', 30: 'info', 40: 'warn', 50: 'erro', 60: 'fata' };
const SEVERITIES: Record<number, string> = { 10: 'DEBUG', 20: 'DEBUG', 30: 'INFO', 40: 'WARNING', 50: 'ERROR', 60: 'CRITICAL' };
/** Keys shown in the line's head, or not at all. */
const HEAD = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'component', 'daemon']);

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local time as `2026-01-02 15:04:05.000`. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (value === undefined) return 'undefined';
  return JSON.stringify(value) ?? String(value);
}

function parse(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** One JSON log line as a human-readable line (and an error's stack below it). */
export function formatHumanLine(line: string): string {
  const rec = parse(line);
  if (!rec) return line.endsWith('\n') ? line : `${line}\n`;
  const level = LEVEL_NAMES[Number(rec.level)] ?? String(rec.level ?? 'info');
  const name = [rec.component, rec.daemon].filter((v) => typeof v === 'string' && v !== '').join('.');
  let stack = '';
  const fields: string[] = [];
  for (const [key, value] of Object.entries(rec)) {
    if (HEAD.has(key)) continue;
    if ((key === 'err' || key === 'error') && value && typeof value === 'object') {
      const err = value as { message?: unknown; stack?: unknown };
      fields.push(`${key}=${formatValue(String(err.message ?? ''))}`);
      if (typeof err.stack === 'string') stack = err.stack.split('\n').slice(1).map((l) => `    ${l.trim()}\n`).join('');
      continue;
    }
    fields.push(`${key}=${formatValue(value)}`);
  }
  const head = `${formatTime(Number(rec.time ?? Date.now()))} [${level}]  ${name ? `${name}: ` : ''}${String(rec.msg ?? '')}`;
  return `${head}${fields.length > 0 ? `  ${fields.join(' ')}` : ''}\n${stack}`;
}

/** One JSON log line in Cloud Logging's structured form: `severity`, `message`, `timestamp`. */
export function toStackdriverLine(line: string): string {
  const rec = parse(line);
  if (!rec) return line.endsWith('\n') ? line : `${line}\n`;
  const { level, time, msg, ...rest } = rec;
  const out: Record<string, unknown> = {
    severity: SEVERITIES[Number(level)] ?? 'DEFAULT',
    message: msg ?? '',
    timestamp: new Date(Number(time ?? Date.now())).toISOString(),
  };
  for (const [key, value] of Object.entries(rest)) if (!(key in out)) out[key] = value;
  return `${JSON.stringify(out)}\n`;
}
