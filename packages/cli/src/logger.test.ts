import type { DestinationStream } from 'pino';
import { describe, expect, it } from 'vitest';
import { duplicateKeys } from './json-keys.testkit';
import { formatHumanLine, formatTime, toStackdriverLine } from './log-format';
import { createLogger, loggingOptions, logOutputs, type LogFormat } from './logger';

function capture(): DestinationStream & { lines: string[] } {
  const lines: string[] = [];
  return { lines, write: (s: string) => void lines.push(...s.split('\n').filter(Boolean)) };
}

function logTo(formats: LogFormat[], options: Partial<Parameters<typeof createLogger>[0]> = {}) {
  const outs = formats.map((format) => ({ format, stream: capture() }));
  const log = createLogger({ verbose: false, filter: [], ...options }, outs);
  return { log, out: Object.fromEntries(outs.map((o) => [o.format, o.stream.lines])) as Record<LogFormat, string[]> };
}

describe('where logs go', () => {
  it('writes human lines on a terminal and JSON elsewhere when no path is given', () => {
    const none = loggingOptions({});
    expect(logOutputs(none, true)).toEqual([{ format: 'human', path: '/dev/stderr' }]);
    expect(logOutputs(none, false)).toEqual([{ format: 'json', path: '/dev/stderr' }]);
  });

  it('writes exactly the formats whose paths are given', () => {
    const o = loggingOptions({ 'log-json': '/tmp/x.json', 'log-stackdriver': '/dev/stdout' });
    expect(logOutputs(o, true)).toEqual([
      { format: 'json', path: '/tmp/x.json' },
      { format: 'stackdriver', path: '/dev/stdout' },
    ]);
    expect(logOutputs(loggingOptions({ 'log-human': '/dev/stderr' }), false)).toEqual([{ format: 'human', path: '/dev/stderr' }]);
  });

  it('reads --verbose and --log-filter, refusing a bad filter with a sentence', () => {
    expect(loggingOptions({ verbose: 'true' }).verbose).toBe(true);
    expect(loggingOptions({ verbose: 'false' }).verbose).toBe(false);
    expect(loggingOptions({ 'log-filter': ['a,b', 'c'] }).filter.map(String)).toEqual(['/a/', '/b/', '/c/']);
    expect(() => loggingOptions({ 'log-filter': ['('] })).toThrow('--log-filter "(" is not a regular expression.');
  });
});

describe('log lines', () => {
  it('writes one line per format, JSON without repeated keys', () => {
    const { log, out } = logTo(['human', 'json', 'stackdriver']);
    log.child({ component: 'http' }).info({ method: 'GET', status: 200 }, 'request');
    expect(out.json).toHaveLength(1);
    expect(duplicateKeys(out.json[0]!)).toEqual([]);
    expect(JSON.parse(out.json[0]!)).toMatchObject({ level: 30, component: 'http', method: 'GET', status: 200, msg: 'request' });
    expect(out.human[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[info\] {2}http: request {2}method=GET status=200$/);
    const sd = JSON.parse(out.stackdriver[0]!) as Record<string, unknown>;
    expect(sd).toMatchObject({ severity: 'INFO', message: 'request', component: 'http', status: 200 });
    expect(sd).not.toHaveProperty('level');
    expect(duplicateKeys(out.stackdriver[0]!)).toEqual([]);
  });

  it('keeps debug lines for --verbose only, or those a --log-filter matches', () => {
    const quiet = logTo(['json']);
    quiet.log.debug('hidden');
    expect(quiet.out.json).toEqual([]);
    const verbose = logTo(['json'], { verbose: true });
    verbose.log.debug('shown');
    expect(JSON.parse(verbose.out.json[0]!)).toMatchObject({ level: 20, msg: 'shown' });
    const filtered = logTo(['json'], { filter: [/acquired/] });
    filtered.log.debug('acquired job');
    filtered.log.debug('heartbeat');
    filtered.log.info('info always passes');
    expect(filtered.out.json.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['acquired job', 'info always passes']);
  });

  it('redacts secrets by key name', () => {
    const { log, out } = logTo(['json', 'human']);
    log.info({ token: 'abc', req: { password: 'hunter2', headers: { cookie: 'c' } }, psk: 'p' }, 'login');
    for (const line of [...out.json, ...out.human]) expect(line).not.toMatch(/abc|hunter2|"c"|=p\b/);
    expect(out.json[0]).toContain('[redacted]');
  });
});

describe('human lines', () => {
  const time = new Date(2026, 0, 2, 15, 4, 5, 6).getTime();

  it('formats like Coder: time, level, name, message, then fields', () => {
    const line = JSON.stringify({ level: 40, time, pid: 1, hostname: 'h', component: 'provisionerd', daemon: 'built-in-0', msg: 'job failed', job_id: 'j1', error_text: 'two words', n: 3, ok: true, tags: { a: 'b' } });
    expect(formatHumanLine(line)).toBe('2026-01-02 15:04:05.006 [warn]  provisionerd.built-in-0: job failed  job_id=j1 error_text="two words" n=3 ok=true tags={"a":"b"}\n');
    expect(formatTime(time)).toBe('2026-01-02 15:04:05.006');
  });

  it('shows an error message as a field and its stack indented below', () => {
    const line = JSON.stringify({ level: 50, time, msg: 'shutdown step failed', err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at a (x.ts:1:1)\n    at b (y.ts:2:2)' } });
    expect(formatHumanLine(line)).toBe('2026-01-02 15:04:05.006 [erro]  shutdown step failed  err=boom\n    at a (x.ts:1:1)\n    at b (y.ts:2:2)\n');
  });

  it('passes through a line that is not JSON', () => {
    expect(formatHumanLine('plain text')).toBe('plain text\n');
    expect(toStackdriverLine('plain text\n')).toBe('plain text\n');
  });

  it('maps levels to Cloud Logging severities', () => {
    const sev = (level: number) => (JSON.parse(toStackdriverLine(JSON.stringify({ level, time, msg: 'm' }))) as { severity: string }).severity;
    expect([10, 20, 30, 40, 50, 60].map(sev)).toEqual(['DEBUG', 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL']);
    expect(JSON.parse(toStackdriverLine(JSON.stringify({ level: 30, time, msg: 'm' })))).toEqual({ severity: 'INFO', message: 'm', timestamp: new Date(time).toISOString() });
  });
});

describe('duplicateKeys', () => {
  it('finds repeated keys at any depth, as pino writes them when a child binds a key again', () => {
    expect(duplicateKeys('{"a":1,"b":{"c":[{"d":1,"d":2}]},"a":"x"}')).toEqual(['b.c[0].d', 'a']);
    expect(duplicateKeys('{"s":"a \\" b","n":-1.5e3,"t":true,"z":null,"e":{},"l":[]}')).toEqual([]);
    expect(() => duplicateKeys('{"a":}')).toThrow();
  });
});
