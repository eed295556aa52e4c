import type { Clock } from '../clock';

export interface LoginThrottleLimits {
  /** Failures an account may have in the window before each further attempt must wait. */
  perAccount: number;
  /** Failures one client address may have (across accounts) before it must wait. */
  perAddress: number;
}

interface Failures {
  count: number;
  first: number;
  /** No attempt is taken before this time (ms since the epoch). */
  blockedUntil: number;
}

/**
 * Slows repeated failed logins per account and per client address: past the free failures in
 * the window, each further failure blocks the next attempt for longer (1 s, doubling, up to
 * `maxDelayMs`); an attempt while blocked is refused without checking the password. A success
 * forgets the account's failures, not the address's (one good account must not reset an attacker).
 */
export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: LoginThrottleLimits = { perAccount: 5, perAddress: 20 },
    private readonly windowMs = 15 * 60_000,
    private readonly baseDelayMs = 1_000,
    private readonly maxDelayMs = 5 * 60_000,
  ) {}

  static keys(account: string, address: string): string[] {
    return [`account:${account.toLowerCase()}`, `address:${address}`];
  }

  /** Milliseconds before an attempt for these keys is taken; 0 when it may go ahead now. */
  waitFor(keys: string[]): number {
    const now = this.clock().getTime();
    let wait = 0;
    for (const key of keys) {
      const entry = this.current(key, now);
      if (entry) wait = Math.max(wait, entry.blockedUntil - now);
    }
    return wait;
  }

  recordFailure(keys: string[]): void {
    const now = this.clock().getTime();
    if (this.failures.size > 100_000) this.sweep(now);
    for (const key of keys) {
      let entry = this.current(key, now);
      if (!entry) {
        entry = { count: 0, first: now, blockedUntil: 0 };
        this.failures.set(key, entry);
      }
      entry.count++;
      const over = entry.count - this.freeAttemptsOf(key);
      if (over >= 0) entry.blockedUntil = now + Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(over, 30));
    }
  }

  /** A correct password: the account's failures are forgotten. */
  recordSuccess(keys: string[]): void {
    for (const key of keys) if (key.startsWith('account:')) this.failures.delete(key);
  }

  private freeAttemptsOf(key: string): number {
    return key.startsWith('address:') ? this.limits.perAddress : this.limits.perAccount;
  }

  private current(key: string, now: number): Failures | undefined {
    const entry = this.failures.get(key);
    if (entry && now - entry.first > this.windowMs && now >= entry.blockedUntil) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(now: number): void {
    for (const key of [...this.failures.keys()]) this.current(key, now);
    if (this.failures.size > 100_000) this.failures.clear();
  }
}
