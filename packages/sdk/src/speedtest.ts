/**
 * `warren speedtest` over a `speedtest` stream (see agent-connection). The receiving side measures:
 * - `down`: the agent sends binary messages for `duration_ms`, then closes the stream (1000); the
 *   client measures what arrives.
 * - `up`: the client sends binary messages for `duration_ms`, then one text message `done`; the
 *   agent measures what arrived and answers one text message, a {@link SpeedtestResult} in JSON.
 * Results use Coder's JSON shape: whole-second intervals from the first byte, and the overall rate.
 * (No zod here: the agent bundles this file; the schema is in speedtest-schema.ts.)
 */
/** Size of each message the sending side writes. */
export const SPEEDTEST_CHUNK_BYTES = 64 * 1024;
/** The text message that ends an upload. */
export const SPEEDTEST_DONE = 'done';
/** The longest test a stream may ask for. */
export const SPEEDTEST_MAX_DURATION_MS = 5 * 60_000;

export interface SpeedtestResultInterval {
  start_time_seconds: number;
  end_time_seconds: number;
  throughput_mbits: number;
}

export interface SpeedtestResult {
  overall: SpeedtestResultInterval;
  intervals: SpeedtestResultInterval[];
}

const mbits = (bytes: number, ms: number) => (ms > 0 ? (bytes * 8) / 1e6 / (ms / 1000) : 0);

/** Counts received bytes per whole second from the first byte; `now` is a millisecond clock. */
export class ThroughputMeter {
  private start: number | undefined;
  private last = 0;
  private total = 0;
  private current = 0;
  private readonly intervals: SpeedtestResultInterval[] = [];

  constructor(private readonly now: () => number) {}

  add(bytes: number): void {
    const t = this.now();
    this.start ??= t;
    this.closeIntervals(t);
    this.current += bytes;
    this.total += bytes;
    this.last = t;
  }

  /** Closes every whole second that ended before `t`. */
  private closeIntervals(t: number): void {
    for (;;) {
      const n = this.intervals.length;
      const end = this.start! + (n + 1) * 1000;
      if (t < end) return;
      this.intervals.push({ start_time_seconds: n, end_time_seconds: n + 1, throughput_mbits: mbits(this.current, 1000) });
      this.current = 0;
    }
  }

  /** The result so far: whole seconds only, and the overall rate from the first to the last byte. */
  result(): SpeedtestResult {
    if (this.start === undefined) return { overall: { start_time_seconds: 0, end_time_seconds: 0, throughput_mbits: 0 }, intervals: [] };
    this.closeIntervals(this.last);
    const elapsed = this.last - this.start;
    return {
      overall: { start_time_seconds: 0, end_time_seconds: elapsed / 1000, throughput_mbits: mbits(this.total, elapsed) },
      intervals: [...this.intervals],
    };
  }
}
