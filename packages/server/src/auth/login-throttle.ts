import type { Clock } from '../clock';

/**
 * Slows repeated failed logins per account and per client address: after `freeAttempts`
 * failures within the window, each further attempt waits longer (doubling up to `maxDelayMs`).
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; first: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly freeAttempts = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly maxDelayMs = 8_000,
  ) {}

  /** Milliseconds the next attempt for these keys must wait. */
  delayFor(keys: string[]): number {
    const now = this.clock().getTime();
    let worst = 0;
    for (const key of keys) {
      const entry = this.failures.get(key);
      if (!entry) continue;
      if (now - entry.first > this.windowMs) {
        this.failures.delete(key);
        continue;
      }
      worst = Math.max(worst, entry.count);
    }
    if (worst < this.freeAttempts) return 0;
    return Math.min(this.maxDelayMs, 250 * 2 ** (worst - this.freeAttempts));
  }

  recordFailure(keys: string[]): void {
    const now = this.clock().getTime();
    for (const key of keys) {
      const entry = this.failures.get(key);
      if (!entry || now - entry.first > this.windowMs) this.failures.set(key, { count: 1, first: now });
      else entry.count++;
    }
    if (this.failures.size > 100_000) this.failures.clear();
  }

  recordSuccess(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }
}
