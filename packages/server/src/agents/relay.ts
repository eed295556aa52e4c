/**
 * Pipes two WebSockets frame for frame, keeping binary/text as sent. Flow control: while more than
 * HIGH_WATER bytes sent to one side are not yet flushed to its socket, reading from the other side
 * pauses, so a slow reader slows the writer down instead of filling the server's memory.
 */
import WebSocket from 'ws';

const HIGH_WATER = 4 << 20;
const LOW_WATER = 1 << 20;

type Frame = { data: WebSocket.RawData; isBinary: boolean };

const frameLength = (data: WebSocket.RawData): number =>
  Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;

/** A close code that may be sent on the wire (1005, 1006 and 1015 may not). */
const sendableCode = (code: number) => (code === 1000 || (code >= 1001 && code <= 1014 && ![1004, 1005, 1006].includes(code)) || (code >= 3000 && code < 5000) ? code : 1000);

/**
 * Starts buffering what `client` sends until `attach` connects it to its peer; the buffered
 * frames go first. Call it before anything can await, so no early frame is lost.
 */
export function holdFrames(client: WebSocket): { attach: (peer: WebSocket) => void; fail: (reason: string) => void } {
  const early: Frame[] = [];
  const onMessage = (data: WebSocket.RawData, isBinary: boolean) => early.push({ data, isBinary });
  client.on('message', onMessage);
  client.on('error', () => client.terminate());
  return {
    attach(peer) {
      client.off('message', onMessage);
      relay(client, peer, early);
    },
    fail(reason) {
      client.off('message', onMessage);
      if (client.readyState === WebSocket.OPEN) client.close(1011, reason.slice(0, 120));
    },
  };
}

function pipeOneWay(from: WebSocket, to: WebSocket, early: Frame[] = []): void {
  let inFlight = 0;
  let paused = false;
  const forward = ({ data, isBinary }: Frame) => {
    if (to.readyState !== WebSocket.OPEN) return;
    const n = frameLength(data);
    inFlight += n;
    // The received message as-is: one frame, never compressed (the stream sockets negotiate none).
    to.send(data, { binary: isBinary, fin: true, compress: false }, () => {
      inFlight -= n;
      if (paused && inFlight <= LOW_WATER) {
        paused = false;
        from.resume();
      }
    });
    if (!paused && inFlight > HIGH_WATER) {
      paused = true;
      from.pause();
    }
  };
  for (const f of early) forward(f);
  from.on('message', (data, isBinary) => forward({ data, isBinary }));
}

/** Pipes `a` and `b` both ways until either closes; the close (code and reason) is passed on. */
export function relay(a: WebSocket, b: WebSocket, earlyFromA: Frame[] = []): void {
  if (a.listenerCount('error') === 0) a.on('error', () => a.terminate());
  pipeOneWay(a, b, earlyFromA);
  pipeOneWay(b, a);
  const closeOther = (other: WebSocket) => (code: number, reason: Buffer) => {
    if (other.readyState === WebSocket.OPEN) other.close(sendableCode(code), reason.toString().slice(0, 120));
    else if (other.readyState === WebSocket.CONNECTING) other.terminate();
  };
  a.once('close', closeOther(b));
  b.once('close', closeOther(a));
  b.on('error', () => b.terminate());
  if (a.readyState !== WebSocket.OPEN) closeOther(b)(1000, Buffer.alloc(0));
  if (b.readyState !== WebSocket.OPEN) closeOther(a)(1011, Buffer.from('The agent closed the stream.'));
}
