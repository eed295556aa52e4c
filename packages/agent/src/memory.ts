/**
 * Keeping the agent's resident memory small. main.ts imports this first, so the V8 settings apply
 * before anything else is loaded.
 *
 * - The young generation stays at its initial size: the agent mostly idles, and when it relays
 *   bytes they live outside the V8 heap (Buffers), so a larger one costs memory for nothing.
 * - Relayed bytes arrive in fresh Buffers whose memory is freed only when V8 collects their
 *   handles, and V8 waits for tens of MB of them before it does; every RELAY_GC_BYTES relayed, a
 *   young-generation collection frees them, so a burst of traffic does not leave the allocator's
 *   heap grown by that much for the rest of the agent's life; a full collection follows once a
 *   stream has ended and the agent has been quiet for a moment.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

const RELAY_GC_BYTES = 8 << 20;

type Gc = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => void;
let gc: Gc | undefined;
try {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  v8.setFlagsFromString('--expose-gc');
  gc = vm.runInNewContext('gc') as Gc;
} catch {
  gc = undefined;
}

let relayed = 0;
let settleTimer: NodeJS.Timeout | undefined;
const SETTLE_MS = 2000;

/** Counts relayed bytes; collects the young generation every RELAY_GC_BYTES. */
export function noteRelayed(bytes: number): void {
  relayed += bytes;
  if (relayed < RELAY_GC_BYTES) return;
  relayed = 0;
  gc?.({ type: 'minor' });
}

/** After a stream ends: one full collection once no stream has ended for SETTLE_MS. */
export function collectWhenSettled(): void {
  if (!gc) return;
  if (settleTimer) settleTimer.refresh();
  else {
    settleTimer = setTimeout(() => {
      settleTimer = undefined;
      relayed = 0;
      gc?.();
    }, SETTLE_MS);
    settleTimer.unref();
  }
}
