import { describe, expect, it } from 'vitest';
import { allowedPresets, dateInputValue, daysToNs, lifetimeUntil, DAY_MS } from './tokenLifetime';

describe('token lifetimes', () => {
  it('offers only the presets the deployment allows', () => {
    expect(allowedPresets(daysToNs(365))).toEqual([7, 30, 60, 90]);
    expect(allowedPresets(daysToNs(30))).toEqual([7, 30]);
    expect(allowedPresets(daysToNs(1))).toEqual([]);
    expect(daysToNs(7)).toBe(604_800_000_000_000);
  });

  it('turns a chosen day into a lifetime ending that day, refusing past days and days past the bound', () => {
    const now = new Date(2026, 0, 10, 12, 0, 0).getTime();
    const r = lifetimeUntil('2026-01-12', now, daysToNs(90));
    expect('ns' in r && r.ns).toBe((new Date(2026, 0, 12, 23, 59, 59).getTime() - now) * 1_000_000);
    expect(lifetimeUntil('2026-01-09', now, daysToNs(90))).toEqual({ error: 'Choose a day after today.' });
    expect(lifetimeUntil('', now, daysToNs(90))).toEqual({ error: 'Choose the day the token expires.' });
    expect(lifetimeUntil('2026-06-01', now, daysToNs(30))).toEqual({ error: 'Choose a day within 30 days: the deployment allows no longer.' });
    // The last allowed day is capped to the bound rather than refused.
    const last = lifetimeUntil(dateInputValue(now + 30 * DAY_MS), now, daysToNs(30));
    expect('ns' in last && last.ns).toBe(daysToNs(30));
  });
});
