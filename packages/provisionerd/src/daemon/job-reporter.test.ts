import type { JobLog, UpdateJobRequest, UpdateJobResponse } from '@warren/sdk/provisionerd';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../terraform/manual-clock.testkit.js';
import { JobReporter } from './job-reporter.js';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup(answer: (req: UpdateJobRequest) => Promise<UpdateJobResponse> = async () => ({ canceled: false, variableValues: [] })) {
  const clock = new ManualClock();
  const sent: UpdateJobRequest[] = [];
  const errors: unknown[] = [];
  let canceled = 0;
  const reporter = new JobReporter({
    api: {
      updateJob: (req) => {
        sent.push(req);
        return answer(req);
      },
    },
    jobId: 'job-1',
    clock,
    flushIntervalMs: 250,
    flushLines: 100,
    heartbeatIntervalMs: 5_000,
    onCanceled: () => (canceled += 1),
    onUpdateError: (error) => errors.push(error),
  });
  return { clock, sent, errors, reporter, canceledCount: () => canceled };
}

const line = (output: string): JobLog => ({ source: 'provisioner', level: 'info', createdAt: 0, stage: 'Planning Infrastructure', output });

describe('JobReporter', () => {
  it('sends logs in one batch after the flush interval', async () => {
    const { clock, sent, reporter } = setup();
    reporter.log(line('a'));
    reporter.log(line('b'));
    await settle();
    expect(sent).toEqual([]);
    clock.advance(250);
    await settle();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ jobId: 'job-1', logs: [{ output: 'a' }, { output: 'b' }] });
    reporter.close();
  });

  it('sends at once when 100 lines are waiting', async () => {
    const { sent, reporter } = setup();
    for (let index = 0; index < 100; index += 1) reporter.log(line(String(index)));
    await settle();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.logs).toHaveLength(100);
    reporter.close();
  });

  it('sends a heartbeat when nothing was sent for the heartbeat interval', async () => {
    const { clock, sent, reporter } = setup();
    clock.advance(4_999);
    await settle();
    expect(sent).toEqual([]);
    clock.advance(1);
    await settle();
    expect(sent).toEqual([{ jobId: 'job-1', logs: [] }]);
    clock.advance(5_000);
    await settle();
    expect(sent).toHaveLength(2);
    reporter.close();
    clock.advance(60_000);
    await settle();
    expect(sent).toHaveLength(2);
  });

  it('keeps the logs of a failed update and sends them with the next one', async () => {
    let fail = true;
    const { clock, sent, errors, reporter } = setup(async () => {
      if (fail) throw new Error('connection refused');
      return { canceled: false, variableValues: [] };
    });
    reporter.log(line('a'));
    await expect(reporter.flush()).rejects.toThrow('connection refused');
    expect(errors).toHaveLength(1);
    fail = false;
    reporter.log(line('b'));
    clock.advance(250);
    await settle();
    expect(sent.at(-1)?.logs.map((log) => log.output)).toEqual(['a', 'b']);
    reporter.close();
  });

  it('reports a cancel answer once and sends extra fields with the waiting logs', async () => {
    const { sent, reporter, canceledCount } = setup(async () => ({ canceled: true, variableValues: [{ name: 'v', value: '1', sensitive: false }] }));
    reporter.log(line('a'));
    const response = await reporter.send({ readme: '# hi' });
    expect(response.variableValues).toEqual([{ name: 'v', value: '1', sensitive: false }]);
    expect(sent[0]).toMatchObject({ readme: '# hi', logs: [{ output: 'a' }] });
    await reporter.send({});
    expect(reporter.cancelRequested).toBe(true);
    expect(canceledCount()).toBe(1);
    reporter.close();
  });
});
