import { describe, expect, it, vi } from 'vitest';
import { Periodic } from './periodic';

describe('Periodic', () => {
  it('runs one round at a time, and a new one once it is over', async () => {
    let release!: () => void;
    const round = vi.fn(() => new Promise<number>((resolve) => (release = () => resolve(round.mock.calls.length))));
    const p = new Periodic(round, () => undefined);
    const first = p.runOnce();
    expect(p.runOnce()).toBe(first);
    release();
    expect(await first).toBe(1);
    const second = p.runOnce();
    release();
    expect(await second).toBe(2);
  });

  it('tells a failed round from the interval and goes on with the next', async () => {
    vi.useFakeTimers();
    try {
      const errors: unknown[] = [];
      let n = 0;
      const p = new Periodic(async () => {
        n++;
        if (n === 1) throw new Error('database away');
        return n;
      }, (err) => errors.push(err));
      p.start(1000);
      await vi.advanceTimersByTimeAsync(2500);
      expect(n).toBe(2);
      expect(errors).toEqual([new Error('database away')]);
      await p.close();
      await vi.advanceTimersByTimeAsync(5000);
      expect(n).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
