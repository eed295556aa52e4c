import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'component', 'daemon']);

function target(file: string): NodeJS.WritableStream {
  if (file === '/dev/stderr') return process.stderr;
  if (file === '/dev/stdout') return process.stdout;
  return createWriteStream(file, { flags: 'a' });
}

/** Turns pino's JSON lines into `time LEVEL component: message key=value ...`. */
function humanStream(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        try {
          const rec = JSON.parse(line) as Record<string, unknown>;
          const fields = Object.entries(rec)
            .filter(([k]) => !HIDDEN.has(k))
            .map(([k, v]) => `${k}=${typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v)}`);
          const when = new Date(Number(rec.time)).toISOString().replace('T', ' ').replace('Z', '');
          out.write(`${when} [${LEVELS[Number(rec.level)] ?? 'INFO'}]\t${String(rec.msg ?? '')}${fields.length ? `\t${fields.join(' ')}` : ''}\n`);
        } catch {
          out.write(`${line}\n`);
        }
      }
      cb();
    },
  });
}

/**
 * The logger of `warren provisioner start`: human-readable and/or JSON output, debug level with
 * --verbose or --log-filter; with filters, a debug line is kept only when a filter matches it.
 */
export function createDaemonLogger(o: { verbose: boolean; human?: string; json?: string; filter: RegExp[] }): Logger {
  const streams: pino.StreamEntry[] = [];
  if (o.human) streams.push({ level: 'trace', stream: humanStream(target(o.human)) });
  if (o.json) streams.push({ level: 'trace', stream: target(o.json) });
  const level = o.verbose || o.filter.length > 0 ? 'debug' : 'info';
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['*.token', '*.key', '*.psk', '*.secret'], censor: '[redacted]' },
      hooks: {
        logMethod(args, method, lvl) {
          if (lvl < 30 && o.filter.length > 0) {
            const text = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
            if (!o.filter.some((re) => re.test(text))) return;
          }
          method.apply(this, args);
        },
      },
    },
    pino.multistream(streams),
  );
}
