/**
 * Sends binary messages on a WebSocket as fast as the connection takes them, for a given time:
 * the sending half of `warren speedtest` (the agent for downloads, the CLI for uploads). At most
 * MAX_IN_FLIGHT bytes wait in the socket's buffers, so memory stays flat on a slow link.
 */
import WebSocket from 'ws';

const MAX_IN_FLIGHT = 1 << 20;

/** Resolves with the bytes handed to the socket once `durationMs` has passed or the socket closed. */
export async function sendFor(ws: WebSocket, durationMs: number, chunkBytes: number, now: () => number = () => performance.now()): Promise<number> {
  const chunk = Buffer.alloc(chunkBytes, 0x5a);
  const end = now() + durationMs;
  let inFlight = 0;
  let sent = 0;
  let wake: (() => void) | undefined;
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  while (ws.readyState === WebSocket.OPEN && now() < end) {
    if (inFlight >= MAX_IN_FLIGHT) {
      // Written callbacks wake the loop; a close ends it. A timer makes sure the deadline is seen.
      const timer = new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, end - now())));
      await Promise.race([new Promise<void>((resolve) => (wake = resolve)), closed, timer]);
      continue;
    }
    inFlight += chunk.length;
    sent += chunk.length;
    ws.send(chunk, { binary: true }, () => {
      inFlight -= chunk.length;
      wake?.();
      wake = undefined;
    });
  }
  return sent;
}
