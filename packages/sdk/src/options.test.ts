import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './options';

describe('parseDuration (Go time.ParseDuration syntax)', () => {
  it.each([
    ['720h', 720 * 3_600_000],
    ['90m', 90 * 60_000],
    ['1h30m', 5_400_000],
    ['30s', 30_000],
    ['1.5h', 5_400_000],
    ['.5s', 500],
    ['1h0m0s', 3_600_000],
    ['500ms', 500],
    ['1500us', 1.5],
    ['1500µs', 1.5],
    ['2000000ns', 2],
    ['0', 0],
    ['-90s', -90_000],
    ['+5m', 300_000],
    [' 24h ', 86_400_000],
  ])('%s', (text, ms) => {
    expect(parseDuration(text)).toBeCloseTo(ms, 6);
  });

  it.each([
    ['', 'use a number with a unit, such as 30s, 15m or 24h.'],
    ['90', '"90" has no unit; add one of ns, us, ms, s, m or h, such as 90s.'],
    ['1h30', '"30" has no unit; add one of ns, us, ms, s, m or h, such as 30s.'],
    ['3d', '"d" is not a unit; use ns, us, ms, s, m or h (a day is 24h).'],
    ['5 days', '" days" is not a unit; use ns, us, ms, s, m or h.'],
    ['h', 'use a number with a unit, such as 30s, 15m or 24h.'],
    ['1h-30m', '"h-" is not a unit; use ns, us, ms, s, m or h.'],
    ['.h', 'use a number with a unit, such as 30s, 15m or 24h.'],
  ])('refuses %j with a sentence', (text, why) => {
    expect(() => parseDuration(text)).toThrow(`"${text}" is not a duration: ${why}`);
  });

  it('formats whole units back as Go would shorten them', () => {
    expect([3_600_000 * 720, 90 * 60_000, 30_000, 1500].map(formatDuration)).toEqual(['720h', '90m', '30s', '1500ms']);
  });
});
