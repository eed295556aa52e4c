import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWeeklySchedule, ScheduleError } from './weekly';

const at = (iso: string) => new Date(iso);

describe('parseWeeklySchedule', () => {
  it('reads the zone from CRON_TZ and fires at the hour in that zone', () => {
    const s = parseWeeklySchedule('CRON_TZ=Europe/Dublin 30 9 * * 1-5');
    expect(s).toMatchObject({ timezone: 'Europe/Dublin', cron: '30 9 * * 1-5' });
    // Sunday 6 December 2026, noon: next is Monday 09:30 in Dublin (GMT in winter).
    expect(s.next(at('2026-12-06T12:00:00Z')).toISOString()).toBe('2026-12-07T09:30:00.000Z');
    // In summer Dublin is an hour ahead of UTC.
    expect(s.next(at('2026-07-06T00:00:00Z')).toISOString()).toBe('2026-07-06T08:30:00.000Z');
    // Friday evening: skips the weekend.
    expect(s.next(at('2026-12-11T18:00:00Z')).toISOString()).toBe('2026-12-14T09:30:00.000Z');
  });

  it('is UTC without CRON_TZ, and the next time is strictly after the one given', () => {
    const s = parseWeeklySchedule('0 8 * * *');
    expect(s.timezone).toBe('UTC');
    expect(s.next(at('2026-12-07T08:00:00Z')).toISOString()).toBe('2026-12-08T08:00:00.000Z');
    expect(s.next(at('2026-12-07T07:59:59Z')).toISOString()).toBe('2026-12-07T08:00:00.000Z');
  });

  it.each([
    ['', '5 fields'],
    ['30 9 * *', '5 fields'],
    ['0 30 9 * * 1', '5 fields'],
    ['@daily', '5 fields'],
    ['30 9 1 * 1', 'day-of-month and month to be *'],
    ['30 9 * 6 1', 'day-of-month and month to be *'],
    ['CRON_TZ=Mars/Olympus 30 9 * * 1', 'unknown time zone Mars/Olympus'],
    ['CRON_TZ= 30 9 * * 1', 'needs a time zone'],
    ['61 9 * * 1', 'parse schedule'],
    ['30 25 * * 1', 'parse schedule'],
    ['30 9 * * 9', 'parse schedule'],
    ['x 9 * * 1', 'parse schedule'],
  ])('refuses %j with a sentence', (raw, message) => {
    expect(() => parseWeeklySchedule(raw)).toThrow(ScheduleError);
    expect(() => parseWeeklySchedule(raw)).toThrow(message);
  });

  it('fires on a chosen weekday at the chosen minute, the first such time after any moment', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 6 }),
        fc.date({ min: at('2020-01-01T00:00:00Z'), max: at('2035-01-01T00:00:00Z'), noInvalidDate: true }),
        (minute, hour, weekday, after) => {
          const next = parseWeeklySchedule(`${minute} ${hour} * * ${weekday}`).next(after);
          expect([next.getUTCMinutes(), next.getUTCHours(), next.getUTCDay(), next.getUTCSeconds()]).toEqual([minute, hour, weekday, 0]);
          expect(next.getTime()).toBeGreaterThan(after.getTime());
          expect(next.getTime() - after.getTime()).toBeLessThanOrEqual(7 * 24 * 3600_000);
        },
      ),
    );
  });
});
