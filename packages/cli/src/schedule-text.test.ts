import type { Workspace } from '@warren/sdk';
import { describe, expect, it } from 'vitest';
import { parseCliDuration, parseCliSchedule, parseClockTime, scheduleRow, timeDisplay } from './schedule-text';

describe('schedule words', () => {
  it.each([
    ['9:30AM', 9, 30],
    ['09:30pm', 21, 30],
    ['12:00AM', 0, 0],
    ['12:15pm', 12, 15],
    ['17:45', 17, 45],
    ['1745', 17, 45],
    ['9PM', 21, 0],
    ['0:05', 0, 5],
  ])('reads the start time %s', (text, hour, minute) => {
    expect(parseClockTime(text)).toEqual({ hour, minute });
  });

  it.each(['9', '25:00', '13:00PM', '9:60', '0AM', 'noon', ''])('refuses the start time %j', (text) => {
    expect(() => parseClockTime(text)).toThrow('Start time must be in the format hh:mm[am|pm] or HH:MM');
  });

  it('builds the stored schedule from time, days and place, in any of the forms Coder takes', () => {
    expect(parseCliSchedule(['9:30AM', 'Mon-Fri', 'Europe/Dublin'], 'Asia/Tokyo')).toBe('CRON_TZ=Europe/Dublin 30 9 * * Mon-Fri');
    expect(parseCliSchedule(['9:30AM Mon-Fri Europe/Dublin'], 'Asia/Tokyo')).toBe('CRON_TZ=Europe/Dublin 30 9 * * Mon-Fri');
    expect(parseCliSchedule(['17:00', 'America/Chicago'], 'Asia/Tokyo')).toBe('CRON_TZ=America/Chicago 0 17 * * *');
    expect(parseCliSchedule(['17:00', '1,3,5'], 'Asia/Tokyo')).toBe('CRON_TZ=Asia/Tokyo 0 17 * * 1,3,5');
    expect(parseCliSchedule(['7am'], 'UTC')).toBe('CRON_TZ=UTC 0 7 * * *');
    expect(() => parseCliSchedule(['9:30AM', 'Mon-Fri', 'CEST'])).toThrow('looks like a time zone abbreviation');
    expect(() => parseCliSchedule(['9:30AM', 'Mon-Fri', 'Mars/Olympus'])).toThrow('Invalid timezone "Mars/Olympus"');
    expect(() => parseCliSchedule(['9:30AM', 'Mon', 'UTC', 'extra'])).toThrow('Schedule must be in the format');
  });

  it('reads durations as Go does, plain numbers as minutes', () => {
    expect(parseCliDuration('90')).toBe(90 * 60_000);
    expect(parseCliDuration('2h30m')).toBe(150 * 60_000);
    expect(() => parseCliDuration('soon')).toThrow('not a duration');
  });

  it('prints times in RFC 3339 with the zone offset', () => {
    const t = new Date('2026-07-06T08:30:00Z');
    expect(timeDisplay(t, 'Europe/Dublin')).toBe('2026-07-06T09:30:00+01:00');
    expect(timeDisplay(t, 'America/Chicago')).toBe('2026-07-06T03:30:00-05:00');
    expect(timeDisplay(t, 'UTC')).toBe('2026-07-06T08:30:00Z');
  });

  it("shows a running workspace's schedule, and no stop time once it is stopped", () => {
    const w = {
      owner_name: 'alice',
      name: 'dev',
      autostart_schedule: 'CRON_TZ=Europe/Dublin 30 9 * * 1-5',
      next_start_at: '2026-12-07T09:30:00.000Z',
      ttl_ms: 8 * 3600_000,
      latest_build: { transition: 'start', deadline: '2026-12-06T20:00:00.000Z' },
    } as unknown as Workspace;
    expect(scheduleRow(w, 'UTC')).toEqual({
      workspace: 'alice/dev',
      'starts at': '9:30AM Mon-Fri (Europe/Dublin)',
      'starts next': '2026-12-07T09:30:00Z',
      'stops after': '8h',
      'stops next': '2026-12-06T20:00:00Z',
    });
    const stopped = { ...w, autostart_schedule: undefined, latest_build: { transition: 'stop', deadline: null } } as unknown as Workspace;
    expect(scheduleRow(stopped, 'UTC')).toMatchObject({ 'starts at': '', 'starts next': '', 'stops after': '8h', 'stops next': '' });
  });
});
