/**
 * Dial-back streams: one WebSocket per client stream (binary frames, raw bytes). Helpers here
 * turn one into a Node duplex (for the SSH server) and count bytes for the stats; a TCP forward
 * is piped by @warren/node-kit's pipeWebSocketToSocket, with flow control both ways.
 */
import type { Duplex } from 'node:stream';
import WebSocket, { createWebSocketStream } from 'ws';
import type { AgentStats } from './stats';

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
