import type net from 'node:net';
import WebSocket from 'ws';

/** Bytes waiting to be flushed to one side, past which reading the other side pauses. */
export const PIPE_HIGH_WATER = 1 << 20;
const PIPE_LOW_WATER = 256 << 10;

export interface PipeOptions {
  /** The socket failed (e.g. nothing listens on the port). */
  onSocketError?: (err: Error) => void;
  /** Bytes moved, either way. */
  onRelayed?: (bytes: number) => void;
  /** Both sides have closed. */
  done?: () => void;
}

function rawBuffer(data: WebSocket.RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

/**
 * Pipes a stream WebSocket (which may still be connecting) and a TCP socket both ways, one frame
 * per socket read and one socket write per frame, without copies. Flow control holds both ways,
 * paused by bytes queued rather than by write()'s 16 KiB mark so a fast side never stalls: past
 * PIPE_HIGH_WATER bytes not yet flushed to one side, reading the other pauses. The end of either
 * side ends the other once its writes are flushed.
 */
export function pipeWebSocketToSocket(ws: WebSocket, sock: net.Socket, options: PipeOptions = {}): void {
  const { onSocketError, onRelayed, done } = options;
  let unflushed = 0;
  let sockPaused = false;
  let wsPaused = false;
  const onSent = (n: number) => () => {
    unflushed -= n;
    if (sockPaused && unflushed <= PIPE_LOW_WATER) {
      sockPaused = false;
      sock.resume();
    }
  };
  ws.on('message', (data: WebSocket.RawData) => {
    if (sock.destroyed) return;
    const buf = rawBuffer(data);
    onRelayed?.(buf.length);
    sock.write(buf);
    if (!wsPaused && sock.writableLength > PIPE_HIGH_WATER) {
      wsPaused = true;
      ws.pause();
    }
  });
  sock.on('drain', () => {
    if (wsPaused) {
      wsPaused = false;
      ws.resume();
    }
  });
  const startReading = () => {
    sock.on('data', (chunk: Buffer) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      onRelayed?.(chunk.length);
      unflushed += chunk.length;
      ws.send(chunk, { binary: true }, onSent(chunk.length));
      if (!sockPaused && unflushed > PIPE_HIGH_WATER) {
        sockPaused = true;
        sock.pause();
      }
    });
    sock.resume();
  };
  sock.pause();
  if (ws.readyState === WebSocket.OPEN) startReading();
  else ws.once('open', startReading);

  const closeWs = () => {
    if (ws.readyState === WebSocket.OPEN) ws.close(1000);
    else if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
  };
  let closedSides = 0;
  const sideClosed = () => {
    if (++closedSides === 2) done?.();
  };
  sock.once('end', closeWs);
  sock.once('error', (err) => {
    onSocketError?.(err);
    sock.destroy();
  });
  sock.once('close', () => {
    closeWs();
    sideClosed();
  });
  ws.once('close', () => {
    if (!sock.destroyed) sock.end(() => sock.destroy());
    sideClosed();
  });
  ws.on('error', () => sock.destroy());
}
