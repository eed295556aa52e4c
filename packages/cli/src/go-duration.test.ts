import { describe, expect, it } from 'vitest';
import { formatGoDuration } from './go-duration';

describe('formatGoDuration', () => {
  it.each([
    [0, '0s'],
    [0.0005, '500ns'],
    [0.85, '850µs'],
    [12, '12ms'],
    [12.5, '12.5ms'],
    [1.234567, '1.234567ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [62_500, '1m2.5s'],
    [3_600_000, '1h0m0s'],
    [-2, '-2ms'],
  ])('%f ms is %s', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });
});
