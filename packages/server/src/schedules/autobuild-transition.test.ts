import { describe, expect, it } from 'vitest';
import type { ScheduledBuildRow } from '../db/queries/workspace-schedules';
import { autobuildDecision } from './autobuild-transition';

const at = (iso: string) => new Date(iso);

const stopped: ScheduledBuildRow = {
  workspace_id: 'w',
  build_id: 'b',
  transition: 'stop',
  // Stopped on Sunday 6 December 2026 at noon UTC.
  build_created_at: at('2026-12-06T12:00:00Z'),
  deadline: null,
  max_deadline: null,
  job_status: 'succeeded',
  job_completed_at: at('2026-12-06T12:00:05Z'),
  autostart_schedule: 'CRON_TZ=Europe/Berlin 0 9 * * 1-5',
  dormant_at: null,
  owner_status: 'active',
  allow_user_autostart: true,
};

const running: ScheduledBuildRow = { ...stopped, transition: 'start', autostart_schedule: null, deadline: at('2026-12-06T20:00:00Z') };

describe('autobuildDecision', () => {
  it('starts a stopped workspace once its schedule has come round since the stop, and not before', () => {
    // Monday 09:00 in Berlin is 08:00 UTC.
    expect(autobuildDecision(stopped, at('2026-12-07T07:59:00Z'))).toBeUndefined();
    expect(autobuildDecision(stopped, at('2026-12-07T08:00:00Z'))).toEqual({ transition: 'start', reason: 'autostart' });
    // A server that was down at 08:00 still starts it when it comes back.
    expect(autobuildDecision(stopped, at('2026-12-07T11:30:00Z'))).toEqual({ transition: 'start', reason: 'autostart' });
  });

  it('does not start a workspace stopped after the last scheduled time', () => {
    const stoppedMondayNoon = { ...stopped, build_created_at: at('2026-12-07T12:00:00Z') };
    expect(autobuildDecision(stoppedMondayNoon, at('2026-12-07T18:00:00Z'))).toBeUndefined();
    expect(autobuildDecision(stoppedMondayNoon, at('2026-12-08T08:00:00Z'))?.transition).toBe('start');
  });

  it.each([
    ['its build failed', { job_status: 'failed' }],
    ['its build is still running', { job_status: 'running' }],
    ['the template does not allow autostart', { allow_user_autostart: false }],
    ['it is dormant', { dormant_at: at('2026-12-01T00:00:00Z') }],
    ['its owner is suspended', { owner_status: 'suspended' }],
    ['it has no schedule', { autostart_schedule: null }],
    ['its schedule no longer parses', { autostart_schedule: '0 9 1 * *' }],
  ])('leaves a stopped workspace alone when %s', (_why, change) => {
    expect(autobuildDecision({ ...stopped, ...(change as Partial<ScheduledBuildRow>) }, at('2026-12-09T08:00:00Z'))).toBeUndefined();
  });

  it('stops a running workspace at its deadline, never before, and never one without a deadline', () => {
    expect(autobuildDecision(running, at('2026-12-06T19:59:59Z'))).toBeUndefined();
    expect(autobuildDecision(running, at('2026-12-06T20:00:00Z'))).toEqual({ transition: 'stop', reason: 'autostop' });
    expect(autobuildDecision({ ...running, deadline: null }, at('2027-01-01T00:00:00Z'))).toBeUndefined();
    expect(autobuildDecision({ ...running, job_status: 'failed' }, at('2027-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('never acts on a deleted workspace', () => {
    expect(autobuildDecision({ ...stopped, transition: 'delete' }, at('2026-12-09T08:00:00Z'))).toBeUndefined();
  });
});
