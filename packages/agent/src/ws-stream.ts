/**
 * Dial-back streams: one WebSocket per client stream (binary frames, raw bytes). Helpers here turn
 * one into a Node duplex with flow control both ways (ws pauses its socket while the readable side
 * is full; writes complete only once ws flushed them) and count bytes for the stats.
 */
import type { Duplex } from 'node:stream';
import WebSocket, { createWebSocketStream } from 'ws';
import type { AgentStats } from './stats';

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
