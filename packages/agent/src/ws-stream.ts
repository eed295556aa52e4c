/**
 * Dial-back streams: one WebSocket per client stream (binary frames, raw bytes). Helpers here
 * connect one to a TCP socket frame by frame, turn one into a Node duplex (for the SSH server),
 * and count bytes for the stats. Flow control holds both ways: a socket that does not take its
 * writes pauses the WebSocket's reads, and a WebSocket whose sends are not yet flushed pauses the
 * socket's reads, so a slow reader on either side bounds what this process buffers.
 */
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { createWebSocketStream } from 'ws';
import { noteRelayed } from './memory';
import type { AgentStats } from './stats';

/** Bytes sent to the WebSocket and not yet flushed, past which the socket's reads pause. */
export const STREAM_HIGH_WATER = 1 << 20;
const STREAM_LOW_WATER = 256 << 10;

const ZERO_MASK = (mask: Buffer) => void mask.fill(0);

/**
 * Options of every WebSocket the agent opens: no compression, and the masking key left at zero
 * (masking protects browsers' intermediaries from script-chosen payloads; the agent runs no
 * untrusted script, and an all-zero key lets ws skip copying every frame to mask it).
 */
export const AGENT_WS_OPTIONS = { perMessageDeflate: false, generateMask: ZERO_MASK, handshakeTimeout: 30_000, maxPayload: 64 << 20 } as const;

export function countTraffic(ws: WebSocket, stats: AgentStats): void {
  ws.on('message', (data: WebSocket.RawData) => stats.received(rawLength(data)));
  const send = ws.send.bind(ws) as (data: unknown, ...rest: unknown[]) => void;
  (ws as { send: unknown }).send = (data: unknown, ...rest: unknown[]) => {
    stats.sent(typeof data === 'string' ? Buffer.byteLength(data) : ((data as Buffer).byteLength ?? 0));
    send(data, ...rest);
  };
}

export function rawLength(data: WebSocket.RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

export function rawToBuffer(data: WebSocket.RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? Buffer.from(data) : data;
}

/** A duplex over the stream WebSocket; destroying either side closes the other. */
export function webSocketDuplex(ws: WebSocket): Duplex {
  const duplex = createWebSocketStream(ws);
  duplex.on('error', () => ws.terminate());
  ws.on('close', () => duplex.destroy());
  return duplex;
}

/**
 * Pipes a stream WebSocket (which may still be connecting) and a TCP socket both ways, one frame
 * per socket read and one socket write per frame, without copies. The end of either side ends
 * the other: the socket's end closes the WebSocket (1000) once its sends are flushed, the
 * WebSocket's close ends the socket once its writes are flushed. `onSocketError` runs when the
 * socket fails (e.g. nothing listens on the port).
 */
export function pipeWebSocketSocket(ws: WebSocket, sock: net.Socket, onSocketError: (err: Error) => void): void {
  let unflushed = 0;
  let sockPaused = false;
  let wsPaused = false;
  const onSent = (n: number) => () => {
    unflushed -= n;
    if (sockPaused && unflushed <= STREAM_LOW_WATER) {
      sockPaused = false;
      sock.resume();
    }
  };
  ws.on('message', (data: WebSocket.RawData) => {
    if (sock.destroyed) return;
    noteRelayed(rawLength(data));
    sock.write(Array.isArray(data) ? Buffer.concat(data) : (data as Buffer));
    // Paused by bytes rather than by write()'s 16 KiB mark: a fast socket then never stalls the WebSocket.
    if (!wsPaused && sock.writableLength > STREAM_HIGH_WATER) {
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
      noteRelayed(chunk.length);
      unflushed += chunk.length;
      ws.send(chunk, { binary: true }, onSent(chunk.length));
      if (!sockPaused && unflushed > STREAM_HIGH_WATER) {
        sockPaused = true;
        sock.pause();
      }
    });
  };
  if (ws.readyState === WebSocket.OPEN) startReading();
  else ws.once('open', startReading);
  sock.once('end', () => {
    if (ws.readyState === WebSocket.OPEN) ws.close(1000);
    else if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
  });
  sock.once('error', (err) => {
    onSocketError(err);
    sock.destroy();
  });
  sock.once('close', () => {
    if (ws.readyState === WebSocket.OPEN) ws.close(1000);
    else if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
  });
  ws.once('close', () => {
    if (!sock.destroyed) sock.end(() => sock.destroy());
  });
  ws.on('error', () => sock.destroy());
}

/** Sends with backpressure: resolves false past `highWater` buffered bytes until ws drains. */
export class WsSender {
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly ws: WebSocket,
    private readonly highWater = 1 << 20,
  ) {
    ws.once('close', () => {
      for (const w of this.waiters.splice(0)) w();
    });
  }

  get congested(): boolean {
    return this.inFlight > this.highWater;
  }

  send(data: Buffer): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.inFlight += data.length;
    this.ws.send(data, { binary: true }, () => {
      this.inFlight -= data.length;
      if (!this.congested) for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Resolves once the buffered amount is below the high-water mark (or the socket closed). */
  drained(): Promise<void> {
    if (!this.congested || this.ws.readyState !== WebSocket.OPEN) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
