/**
 * Work the server repeats on an interval (the hung-job reaper, scheduled builds): never two rounds
 * at once, a failed round logged and the next one tried, and callable directly (tests move the
 * clock and run a round themselves).
 */
export class Periodic<T> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<T> | undefined;

  constructor(
    private readonly round: () => Promise<T>,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      void this.runOnce().catch(this.onError);
    }, intervalMs);
    this.timer.unref();
  }

  /** Runs a round now, or answers the one under way. */
  runOnce(): Promise<T> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops the interval and waits for a round under way. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }
}
