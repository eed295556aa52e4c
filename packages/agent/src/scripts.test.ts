import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextRuns, normalizeCron, nsToMs, schedule } from './cron';
import { silentLogger } from './logger';
import { LogSender } from './logs';
import { ScriptFailedError, ScriptRunner, ScriptTimeoutError, manifestScripts } from './scripts';
import type { AgentScript, PatchLogsRequest, ScriptTiming } from './wire';

describe('cron schedules', () => {
  it('reads six fields seconds-first and five as Coder does (day of week left out)', () => {
    expect(normalizeCron('*/5 * * * * *')).toBe('*/5 * * * * *');
    expect(normalizeCron('0 */5 * * *')).toBe('0 */5 * * * *');
    expect(normalizeCron('@hourly')).toBe('@hourly');
    expect(() => normalizeCron('* *')).toThrow(/not a cron schedule/);
  });

  it('computes the next runs', () => {
    const from = new Date('2024-01-01T00:00:01Z');
    expect(nextRuns('*/5 * * * * *', 3, from).map((d) => d.toISOString())).toEqual([
      '2024-01-01T00:00:05.000Z',
      '2024-01-01T00:00:10.000Z',
      '2024-01-01T00:00:15.000Z',
    ]);
    // Five fields: seconds, minutes, hours, day of month, month.
    expect(nextRuns('30 0 * * *', 1, from)[0]!.toISOString()).toBe('2024-01-01T00:00:30.000Z');
  });

  it('skips a run while the previous one still runs, and stops', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const stop = schedule('* * * * * *', async () => {
      runs++;
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, 1500));
      running--;
    });
    await new Promise((r) => setTimeout(r, 2300));
    stop();
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(maxRunning).toBe(1);
  }, 5000);

  it('converts nanosecond timeouts', () => {
    expect(nsToMs(undefined)).toBe(0);
    expect(nsToMs(0)).toBe(0);
    expect(nsToMs(1_500_000)).toBe(2);
    expect(nsToMs(30e9)).toBe(30_000);
  });
});

function setup(scripts: AgentScript[], killGraceMs = 300, timings: ScriptTiming[] = []) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warren-scripts-'));
  const sent: PatchLogsRequest[] = [];
  const logs = new LogSender({ patchLogs: async (r) => void sent.push(r), createSource: async () => undefined, logger: silentLogger, flushIntervalMs: 10 });
  const runner = new ScriptRunner(scripts, {
    environment: { shell: '/bin/sh', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir }, directory: dir },
    logs,
    logger: silentLogger,
    logDir: path.join(dir, 'logs'),
    dataDir: dir,
    killGraceMs,
    onCompleted: (t) => timings.push(t),
  });
  const lines = async () => (await logs.flush(), sent.flatMap((r) => r.logs.map((l) => l.output)));
  return { dir, runner, lines };
}

describe('ScriptRunner', () => {
  it('runs a script in the directory, with its data dir, into the log and a file', async () => {
    const { dir, runner, lines } = setup([{ log_source_id: 's1', script: 'pwd; echo "$CODER_SCRIPT_DATA_DIR"; printf partial', run_on_start: true }]);
    await runner.run((s) => !!s.run_on_start);
    expect(await lines()).toEqual([dir, path.join(dir, 'coder-script-data', 's1'), 'partial']);
    expect(readFileSync(path.join(dir, 'logs', 'coder-script-s1.log'), 'utf8')).toBe(`${dir}\n${path.join(dir, 'coder-script-data', 's1')}\npartial`);
  });

  it('times out: interrupts the process group and reports a timeout', async () => {
    const { runner, lines } = setup([{ log_source_id: 's1', script: 'echo started; sleep 20 & wait', run_on_start: true, timeout: 200e6 }]);
    const started = Date.now();
    await expect(runner.run(() => true)).rejects.toBeInstanceOf(ScriptTimeoutError);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await lines()).toContain('started');
  });

  it('kills a script that ignores the interrupt after the grace period', async () => {
    const { runner } = setup([{ log_source_id: 's1', script: 'trap "" TERM; sleep 20', timeout: 100e6 }], 200);
    const started = Date.now();
    await expect(runner.runOne({ log_source_id: 's1', script: 'trap "" TERM; while :; do sleep 0.05; done', timeout: 100e6 })).rejects.toBeInstanceOf(ScriptTimeoutError);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reports a failing exit code, and a timeout wins over other failures', async () => {
    const { runner } = setup([
      { log_source_id: 'a', script: 'exit 3', run_on_start: true },
      { log_source_id: 'b', script: 'sleep 5', run_on_start: true, timeout: 100e6 },
    ]);
    await expect(runner.runOne({ log_source_id: 'a', script: 'exit 3' })).rejects.toMatchObject({ exitCode: 3 });
    await expect(runner.run(() => true)).rejects.toBeInstanceOf(ScriptTimeoutError);
  });

  it('reports how each script run with an id ended, for the build timings', async () => {
    const timings: ScriptTiming[] = [];
    const { runner } = setup(
      [
        { id: 'aaaaaaaa-0000-4000-8000-000000000001', log_source_id: 'ok', script: 'true', run_on_start: true },
        { id: 'aaaaaaaa-0000-4000-8000-000000000002', log_source_id: 'bad', script: 'exit 4', run_on_start: true },
        { id: 'aaaaaaaa-0000-4000-8000-000000000003', log_source_id: 'slow', script: 'sleep 5', run_on_stop: true, timeout: 100e6 },
        { log_source_id: 'legacy', script: 'true', run_on_start: true },
      ],
      300,
      timings,
    );
    const before = Date.now();
    await expect(runner.run((s) => !!s.run_on_start)).rejects.toBeInstanceOf(ScriptFailedError);
    await expect(runner.run((s) => !!s.run_on_stop, 'stop')).rejects.toBeInstanceOf(ScriptTimeoutError);
    const byId = Object.fromEntries(timings.map((t) => [t.script_id, t]));
    expect(timings).toHaveLength(3);
    expect(byId['aaaaaaaa-0000-4000-8000-000000000001']).toMatchObject({ exit_code: 0, stage: 'start', status: 'ok' });
    expect(byId['aaaaaaaa-0000-4000-8000-000000000002']).toMatchObject({ exit_code: 4, stage: 'start', status: 'exit_failure' });
    expect(byId['aaaaaaaa-0000-4000-8000-000000000003']).toMatchObject({ stage: 'stop', status: 'timed_out' });
    for (const t of timings) {
      expect(Date.parse(t.start)).toBeGreaterThanOrEqual(before - 5);
      expect(Date.parse(t.end)).toBeGreaterThanOrEqual(Date.parse(t.start));
    }
  });

  it('fails a script that leaves its output pipes open past the grace period', async () => {
    const { runner, lines } = setup([], 200);
    await expect(runner.runOne({ log_source_id: 'p', script: 'sleep 3 &' })).rejects.toBeInstanceOf(ScriptFailedError);
    expect((await lines()).some((l) => l.includes('output pipes were not closed'))).toBe(true);
  });

  it('turns the single start and stop scripts of older manifests into scripts', () => {
    let n = 0;
    const scripts = manifestScripts(
      { agent_id: 'x', startup_script: 'echo hi', startup_script_behavior: 'blocking', startup_script_timeout: 5e9, shutdown_script: 'echo bye' },
      () => `id-${++n}`,
    );
    expect(scripts).toEqual([
      { log_source_id: 'id-1', display_name: 'Startup Script', script: 'echo hi', run_on_start: true, start_blocks_login: true, timeout: 5e9 },
      { log_source_id: 'id-2', display_name: 'Shutdown Script', script: 'echo bye', run_on_stop: true, timeout: 0 },
    ]);
  });
});
