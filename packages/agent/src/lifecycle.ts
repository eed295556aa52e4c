/**
 * Lifecycle reporting as Coder's agent does it: states only move forward (LIFECYCLE_ORDER), every
 * state change is reported in order, and a failed report is retried until it lands. The initial
 * `created` state is the server's default and is not reported.
 */
import type { AgentLogger } from './logger';
import { errMessage } from './logger';
import { isAborted, retry } from './retry';
import { LIFECYCLE_ORDER, type LifecycleRequest, type LifecycleState } from './wire';

export class LifecycleReporter {
  private readonly states: LifecycleRequest[];
  private reported = 0;
  private running = false;
  private readonly waiters: { index: number; resolve: () => void }[] = [];

  constructor(
    private readonly post: (req: LifecycleRequest, signal: AbortSignal) => Promise<unknown>,
    private readonly signal: AbortSignal,
    private readonly logger: AgentLogger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.states = [{ state: 'created', changed_at: this.now().toISOString() }];
  }

  get state(): LifecycleState {
    return this.states[this.states.length - 1]!.state;
  }

  /** Every state set so far, in order (the first one is `created`). */
  get history(): LifecycleState[] {
    return this.states.map((s) => s.state);
  }

  /** Moves to `state` if it comes after the current one; returns whether it did. */
  set(state: LifecycleState): boolean {
    if (LIFECYCLE_ORDER.indexOf(state) <= LIFECYCLE_ORDER.indexOf(this.state)) {
      this.logger.warn({ from: this.state, to: state }, 'lifecycle state not moved backwards');
      return false;
    }
    this.states.push({ state, changed_at: this.now().toISOString() });
    this.logger.info({ state }, 'lifecycle state changed');
    void this.pump();
    return true;
  }

  /** Resolves once every state set so far has been reported. */
  flushed(): Promise<void> {
    const index = this.states.length - 1;
    if (this.reported >= index) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ index, resolve }));
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.reported < this.states.length - 1) {
        const next = this.states[this.reported + 1]!;
        await retry(() => this.post(next, this.signal), {
          signal: this.signal,
          minMs: 1000,
          maxMs: 15_000,
          onError: (err) => this.logger.warn({ err: errMessage(err), state: next.state }, 'report lifecycle failed'),
        });
        this.reported++;
        for (let i = this.waiters.length - 1; i >= 0; i--) {
          const w = this.waiters[i]!;
          if (w.index <= this.reported) {
            this.waiters.splice(i, 1);
            w.resolve();
          }
        }
      }
    } catch (err) {
      if (!isAborted(err)) this.logger.error({ err: errMessage(err) }, 'lifecycle reporter stopped');
    } finally {
      this.running = false;
    }
  }
}
