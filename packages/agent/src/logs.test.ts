import { describe, expect, it } from 'vitest';
import { AgentApiError } from './api';
import { silentLogger } from './logger';
import { LOG_OVERHEAD_BYTES, LogSender } from './logs';
import type { LogSourceRequest, PatchLogsRequest } from './wire';

function sender(opts: { limitBytes?: number; fail?: (req: PatchLogsRequest) => Error | undefined; batchLines?: number } = {}) {
  const calls: (PatchLogsRequest | LogSourceRequest)[] = [];
  const s = new LogSender({
    patchLogs: async (req) => {
      const err = opts.fail?.(req);
      if (err) throw err;
      calls.push(req);
    },
    createSource: async (req) => void calls.push(req),
    logger: silentLogger,
    flushIntervalMs: 20,
    batchLines: opts.batchLines ?? 100,
    limitBytes: opts.limitBytes,
    now: () => new Date('2024-05-01T00:00:00Z'),
  });
  const patches = () => calls.filter((c): c is PatchLogsRequest => 'logs' in c);
  return { s, calls, patches };
}

describe('LogSender', () => {
  it('creates the source once, before its first lines', async () => {
    const { s, calls } = sender();
    s.source('src', 'Start', '/icon.svg');
    s.add('src', 'info', 'one');
    await s.flush();
    s.add('src', 'info', 'two');
    await s.flush();
    expect(calls).toEqual([
      { id: 'src', display_name: 'Start', icon: '/icon.svg' },
      { log_source_id: 'src', logs: [{ created_at: '2024-05-01T00:00:00.000Z', output: 'one', level: 'info' }] },
      { log_source_id: 'src', logs: [{ created_at: '2024-05-01T00:00:00.000Z', output: 'two', level: 'info' }] },
    ]);
  });

  it('batches by source and by count, on a timer', async () => {
    const { s, patches } = sender({ batchLines: 3 });
    s.add('a', 'info', 'a1');
    s.add('b', 'error', 'b1');
    expect(patches()).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 60));
    expect(patches().map((p) => [p.log_source_id, p.logs.map((l) => l.output)])).toEqual([
      ['a', ['a1']],
      ['b', ['b1']],
    ]);
    for (let i = 0; i < 7; i++) s.add('a', 'info', `x${i}`);
    await s.flush();
    expect(patches().slice(2).map((p) => p.logs.length)).toEqual([3, 3, 1]);
  });

  it('splits written bytes into lines (LF and CR LF), keeping partial UTF-8 and the last partial line', async () => {
    const { s, patches } = sender();
    const w = s.writer('w', 'info');
    const euro = Buffer.from('€');
    w.write(Buffer.concat([Buffer.from('first\r\nsec'), euro.subarray(0, 1)]));
    w.write(Buffer.concat([euro.subarray(1), Buffer.from('ond\nnul\u0000l\nlast')]));
    w.end();
    await s.flush();
    expect(patches().flatMap((p) => p.logs.map((l) => l.output))).toEqual(['first', 'sec€ond', 'null', 'last']);
  });

  it('stops past the byte budget (Coder overflow) and drops what follows', async () => {
    const { s, patches } = sender({ limitBytes: 3 * (10 + LOG_OVERHEAD_BYTES) });
    const line = '0123456789';
    expect([1, 2, 3, 4, 5].map(() => s.add('a', 'info', line))).toEqual([true, true, true, false, false]);
    expect(s.overflowed).toBe(true);
    await s.flush();
    // The lines queued before the budget ran out were dropped with it.
    expect(patches()).toHaveLength(0);
    expect(s.pending).toBe(0);
  });

  it('stops sending when the server answers 413', async () => {
    const { s, patches } = sender({ fail: () => new AgentApiError(413, 'Logs limit exceeded.') });
    s.add('a', 'info', 'x');
    await s.flush();
    expect(s.overflowed).toBe(true);
    expect(s.add('a', 'info', 'y')).toBe(false);
    expect(patches()).toHaveLength(0);
  });

  it('retries other failures until the server takes the batch', async () => {
    let failures = 1;
    const { s, patches } = sender({ fail: () => (failures-- > 0 ? new AgentApiError(503, 'restarting') : undefined) });
    s.add('a', 'info', 'kept');
    await s.flush();
    expect(patches().flatMap((p) => p.logs.map((l) => l.output))).toEqual(['kept']);
  }, 5000);
});
