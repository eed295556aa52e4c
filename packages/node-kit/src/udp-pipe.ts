/**
 * UDP over a stream WebSocket (the `udp` stream kind of @warren/sdk/agent-connection): one binary
 * message per datagram, both ways. Buffering is bounded the way a network bounds it: each
 * direction queues at most `limit` bytes (the sdk's UDP_STREAM_QUEUE_BYTES; while its side is not
 * open yet, or not yet flushed to the kernel) and drops datagrams past that.
 */
import dgram from 'node:dgram';
import WebSocket from 'ws';

function rawBuffer(data: WebSocket.RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

/**
 * Sends datagrams through `write`, queueing them until `open()` and while earlier ones are not
 * flushed, up to `limit` bytes; past the limit a datagram is dropped and counted.
 */
export class DatagramQueue {
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  private inFlight = 0;
  private state: 'waiting' | 'open' | 'closed' = 'waiting';
  dropped = 0;

  constructor(
    private readonly write: (datagram: Buffer, flushed: () => void) => void,
    private readonly limit: number,
  ) {}

  /** Queued bytes (waiting for open plus not yet flushed). */
  get queued(): number {
    return this.waitingBytes + this.inFlight;
  }

  /** Queues or sends one datagram; false when it was dropped. */
  send(datagram: Buffer): boolean {
    if (this.state === 'closed' || this.queued + datagram.length > this.limit) {
      this.dropped++;
      return false;
    }
    if (this.state === 'waiting') {
      this.waiting.push(datagram);
      this.waitingBytes += datagram.length;
      return true;
    }
    this.inFlight += datagram.length;
    let flushedOnce = false;
    this.write(datagram, () => {
      if (flushedOnce) return;
      flushedOnce = true;
      this.inFlight -= datagram.length;
    });
    return true;
  }

  /** The side is open: sends what waited, in order. */
  open(): void {
    if (this.state !== 'waiting') return;
    this.state = 'open';
    const waiting = this.waiting;
    this.waiting = [];
    this.waitingBytes = 0;
    for (const d of waiting) this.send(d);
  }

  close(): void {
    this.state = 'closed';
    this.waiting = [];
    this.waitingBytes = 0;
  }
}

/** A queue of datagrams to send on a stream WebSocket (which may still be connecting). */
export function webSocketDatagrams(ws: WebSocket, limit: number): DatagramQueue {
  const queue = new DatagramQueue((d, flushed) => ws.send(d, { binary: true }, flushed), limit);
  if (ws.readyState === WebSocket.OPEN) queue.open();
  else ws.once('open', () => queue.open());
  ws.once('close', () => queue.close());
  return queue;
}

/** Calls `onDatagram` for each message of a stream WebSocket. */
export function onWebSocketDatagram(ws: WebSocket, onDatagram: (datagram: Buffer) => void): void {
  ws.on('message', (data: WebSocket.RawData) => onDatagram(rawBuffer(data)));
}

export interface UdpPipeOptions {
  /** Bytes queued per direction before datagrams are dropped. */
  limit: number;
  host?: string;
  /** Bytes moved, either way. */
  onRelayed?: (bytes: number) => void;
  /** A send or receive failed (e.g. ICMP port unreachable); the pipe goes on, as UDP does. */
  onSocketError?: (err: Error) => void;
}

/**
 * Joins a stream WebSocket to a UDP socket connected to `host:port` (loopback by default): each
 * message becomes a datagram to the port, each datagram from the port a message. Closing the
 * WebSocket closes the socket.
 */
export function pipeWebSocketToUdp(ws: WebSocket, port: number, options: UdpPipeOptions): dgram.Socket {
  const host = options.host ?? '127.0.0.1';
  const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const toPort = new DatagramQueue((d, flushed) => socket.send(d, () => flushed()), options.limit);
  const toClient = webSocketDatagrams(ws, options.limit);
  onWebSocketDatagram(ws, (d) => {
    options.onRelayed?.(d.length);
    toPort.send(d);
  });
  socket.on('message', (d) => {
    options.onRelayed?.(d.length);
    toClient.send(d);
  });
  socket.on('error', (err) => options.onSocketError?.(err));
  socket.connect(port, host, () => toPort.open());
  let closed = false;
  ws.once('close', () => {
    toPort.close();
    if (!closed) {
      closed = true;
      socket.close();
    }
  });
  socket.once('close', () => {
    closed = true;
    if (ws.readyState === WebSocket.OPEN) ws.close(1000);
  });
  return socket;
}
