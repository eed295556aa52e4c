import { describe, expect, it } from 'vitest';
import { durationDisplay, formatWeeklySchedule, humanizeSchedule, readWeeklySchedule } from './schedules';

describe('weekly schedules for people', () => {
  it.each([
    [0, '0s'],
    [30_000, '<1m'],
    [90 * 60_000, '1h30m'],
    [8 * 3600_000, '8h'],
    [8 * 3600_000 + 59_000, '8h'],
    [25 * 3600_000 + 30 * 60_000, '1d1h'],
    [48 * 3600_000, '2d'],
  ])('shows %d ms as %s', (ms, text) => {
    expect(durationDisplay(ms)).toBe(text);
  });

  it('humanizes stored schedules', () => {
    expect(humanizeSchedule('CRON_TZ=Europe/Dublin 30 9 * * 1-5')).toBe('9:30AM Mon-Fri (Europe/Dublin)');
    expect(humanizeSchedule('0 17 * * *')).toBe('5:00PM daily (UTC)');
    expect(humanizeSchedule('CRON_TZ=UTC 0 0 * * 0,6')).toBe('12:00AM Sun,Sat (UTC)');
    expect(humanizeSchedule('*/5 9 * * *')).toBe('cron(*/5 9) daily (UTC)');
    expect(humanizeSchedule('0 9 *')).toBeUndefined();
  });

  it('puts a time, days and zone together, every day as *', () => {
    expect(formatWeeklySchedule({ hour: 9, minute: 30, days: [5, 1, 3, 1], timezone: 'Europe/Dublin' })).toBe('CRON_TZ=Europe/Dublin 30 9 * * 1,3,5');
    expect(formatWeeklySchedule({ hour: 17, minute: 0, days: [0, 1, 2, 3, 4, 5, 6], timezone: 'UTC' })).toBe('CRON_TZ=UTC 0 17 * * *');
  });

  it.each([
    ['CRON_TZ=Europe/Dublin 30 9 * * 1-5', { hour: 9, minute: 30, days: [1, 2, 3, 4, 5], timezone: 'Europe/Dublin' }],
    ['0 17 * * *', { hour: 17, minute: 0, days: [0, 1, 2, 3, 4, 5, 6], timezone: 'UTC' }],
    ['CRON_TZ=Asia/Tokyo 5 7 * * Mon-Wed,Sat', { hour: 7, minute: 5, days: [1, 2, 3, 6], timezone: 'Asia/Tokyo' }],
    ['0 8 * * 5-7', { hour: 8, minute: 0, days: [0, 5, 6], timezone: 'UTC' }],
  ])('takes %j apart', (schedule, parts) => {
    expect(readWeeklySchedule(schedule)).toEqual(parts);
  });

  it.each(['*/5 9 * * *', '0 9,17 * * *', '0 9 1 * *', '0 9 * * 5-1', '0 9 * * Funday', '0 24 * * *', 'nonsense'])('leaves %j to the expert form', (schedule) => {
    expect(readWeeklySchedule(schedule)).toBeUndefined();
  });

  it('reads back what it writes', () => {
    for (const days of [[1], [0, 6], [1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5, 6]]) {
      const parts = { hour: 23, minute: 59, days, timezone: 'America/Chicago' };
      expect(readWeeklySchedule(formatWeeklySchedule(parts))).toEqual(parts);
    }
  });
});
