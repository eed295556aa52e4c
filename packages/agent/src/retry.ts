/** Waiting and retrying: every loop of the agent survives errors and server restarts. */

export class AbortedError extends Error {
  constructor() {
    super('The agent is shutting down.');
    this.name = 'AbortedError';
  }
}

/** Resolves after `ms`, or rejects with AbortedError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Exponential backoff with jitter between `minMs` and `maxMs`. */
export class Backoff {
  private attempt = 0;
  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const base = Math.min(this.maxMs, this.minMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.round(base / 2 + (base / 2) * this.random());
  }

  reset(): void {
    this.attempt = 0;
  }
}

export interface RetryOptions {
  signal: AbortSignal;
  minMs?: number;
  maxMs?: number;
  onError?: (err: unknown, attempt: number) => void;
  /** Return true to stop retrying and rethrow. */
  giveUp?: (err: unknown) => boolean;
}

/** Calls `fn` until it succeeds, the signal aborts (AbortedError) or `giveUp` says so. */
export async function retry<T>(fn: () => Promise<T>, opts: RetryOptions): Promise<T> {
  const backoff = new Backoff(opts.minMs ?? 250, opts.maxMs ?? 10_000);
  for (let attempt = 1; ; attempt++) {
    if (opts.signal.aborted) throw new AbortedError();
    try {
      return await fn();
    } catch (err) {
      if (opts.signal.aborted) throw new AbortedError();
      if (opts.giveUp?.(err)) throw err;
      opts.onError?.(err, attempt);
      await sleep(backoff.next(), opts.signal);
    }
  }
}

export const isAborted = (err: unknown): boolean => err instanceof AbortedError;
