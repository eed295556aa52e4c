/**
 * The logger of `warren server` and `warren provisioner start`, with Coder's logging flags:
 * `--log-human <path>`, `--log-json <path>`, `--log-stackdriver <path>`, `--verbose` and
 * `--log-filter`. Without a path flag, logs go to stderr: human-readable lines when stderr is a
 * terminal, JSON lines otherwise. Secrets are redacted by key name.
 */
import type { OptionValues } from '@warren/sdk';
import pino, { type DestinationStream, type Logger } from 'pino';
import { formatHumanLine, toStackdriverLine } from './log-format';

export type LogFormat = 'human' | 'json' | 'stackdriver';

export interface LoggingOptions {
  verbose: boolean;
  human?: string;
  json?: string;
  stackdriver?: string;
  /** With filters, a debug line is kept only when one of them matches it. */
  filter: RegExp[];
}

/** Reads the logging flags from an option table's values; a bad filter is refused with a sentence. */
export function loggingOptions(values: OptionValues): LoggingOptions {
  const str = (k: string) => (typeof values[k] === 'string' && values[k] !== '' ? (values[k] as string) : undefined);
  const raw = values['log-filter'];
  const sources = (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
  const filter = sources.map((source) => {
    try {
      return new RegExp(source);
    } catch {
      throw new Error(`--log-filter "${source}" is not a regular expression.`);
    }
  });
  const verbose = values.verbose === true || values.verbose === 'true' || values.verbose === '1';
  return { verbose, human: str('log-human'), json: str('log-json'), stackdriver: str('log-stackdriver'), filter };
}

/** Where each format goes: the paths given, else stderr as human lines on a terminal or JSON. */
export function logOutputs(o: LoggingOptions, stderrIsTerminal: boolean): Array<{ format: LogFormat; path: string }> {
  const given = [
    ...(o.human ? [{ format: 'human' as const, path: o.human }] : []),
    ...(o.json ? [{ format: 'json' as const, path: o.json }] : []),
    ...(o.stackdriver ? [{ format: 'stackdriver' as const, path: o.stackdriver }] : []),
  ];
  if (given.length > 0) return given;
  return [{ format: stderrIsTerminal ? 'human' : 'json', path: '/dev/stderr' }];
}

/** Key names whose values are never written. */
const REDACT = [
  'password', 'token', 'session_token', 'secret', 'psk',
  '*.password', '*.token', '*.session_token', '*.secret', '*.psk', '*.key',
  'headers.cookie', 'headers.authorization', 'headers["coder-session-token"]',
  '*.headers.cookie', '*.headers.authorization', '*.headers["coder-session-token"]',
  '*["coder-session-token"]',
];

function destination(path: string): DestinationStream {
  const dest = path === '/dev/stderr' ? 2 : path === '/dev/stdout' ? 1 : path;
  return pino.destination({ dest, sync: true, mkdir: typeof dest === 'string', append: true });
}

/** A stream that rewrites each JSON line before writing it. */
function rewriting(out: DestinationStream, rewrite: (line: string) => string): DestinationStream {
  return { write: (chunk: string) => out.write(rewrite(chunk)) };
}

export function streamFor(format: LogFormat, out: DestinationStream): DestinationStream {
  if (format === 'human') return rewriting(out, formatHumanLine);
  if (format === 'stackdriver') return rewriting(out, toStackdriverLine);
  return out;
}

/** Builds the logger; `outputs` defaults to the flags' paths (or stderr) opened as files. */
export function createLogger(o: LoggingOptions, outputs: Array<{ format: LogFormat; stream: DestinationStream }> = openOutputs(o)): Logger {
  const streams: pino.StreamEntry[] = outputs.map(({ format, stream }) => ({ level: 'trace', stream: streamFor(format, stream) }));
  const level = o.verbose || o.filter.length > 0 ? 'debug' : 'info';
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: '[redacted]' },
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
    streams.length === 1 ? streams[0]!.stream : pino.multistream(streams),
  );
}

function openOutputs(o: LoggingOptions): Array<{ format: LogFormat; stream: DestinationStream }> {
  return logOutputs(o, Boolean(process.stderr.isTTY)).map(({ format, path }) => ({ format, stream: destination(path) }));
}
