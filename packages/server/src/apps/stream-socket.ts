/**
 * A TCP connection to an app in the workspace, as a socket Node's HTTP client can use: the bytes
 * travel over one of the agent's dial-back stream WebSockets (kind `tcp`). Writes are acknowledged
 * while fewer than HIGH_WATER bytes wait to be flushed to the agent, reads pause the WebSocket when
 * the reader falls behind. When the agent's connection to the port fails, the close reason it
 * sends becomes this socket's error.
 */
import { Duplex } from 'node:stream';
import WebSocket from 'ws';

const HIGH_WATER = 1 << 20;
const LOW_WATER = 256 << 10;

export class AgentStreamSocket extends Duplex {
  readonly remoteAddress = '127.0.0.1';
  readonly remoteFamily = 'IPv4';
  readonly remotePort: number;
  private inFlight = 0;
  private waitingWrite: (() => void) | undefined;
  private idleMs = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    port: number,
  ) {
    super({ allowHalfOpen: false });
    this.remotePort = port;
    ws.on('message', (data: WebSocket.RawData) => {
      this.touch();
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      if (!this.push(buf)) ws.pause();
    });
    ws.once('close', (code: number, reason: Buffer) => {
      const text = reason.toString();
      if (code === 1011 && text) this.destroy(new AppConnectionError(text));
      else {
        this.push(null);
        this.destroy();
      }
    });
    ws.on('error', (err) => this.destroy(err));
  }

  override _read(): void {
    this.ws.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    if (this.ws.readyState !== WebSocket.OPEN) return done(new Error('The stream to the workspace closed.'));
    this.touch();
    this.inFlight += chunk.length;
    this.ws.send(chunk, { binary: true }, () => {
      this.inFlight -= chunk.length;
      if (this.waitingWrite && this.inFlight <= LOW_WATER) {
        const w = this.waitingWrite;
        this.waitingWrite = undefined;
        w();
      }
    });
    if (this.inFlight > HIGH_WATER) this.waitingWrite = () => done();
    else done();
  }

  override _final(done: (err?: Error | null) => void): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(1000);
    done();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    clearTimeout(this.idleTimer);
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
    done(err);
  }

  // What Node's HTTP client and agent call on a net.Socket.
  setKeepAlive(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  /** The idle timeout in milliseconds, as net.Socket's `timeout`. */
  get timeout(): number {
    return this.idleMs;
  }
  setTimeout(ms: number, callback?: () => void): this {
    this.idleMs = ms;
    // As net.Socket: a callback joins 'timeout' once; a zero timeout takes it off again.
    if (callback) {
      if (ms === 0) this.removeListener('timeout', callback);
      else this.once('timeout', callback);
    }
    this.touch();
    return this;
  }

  private touch(): void {
    if (this.idleMs <= 0) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
      return;
    }
    if (this.idleTimer) this.idleTimer.refresh();
    else this.idleTimer = setTimeout(() => this.emit('timeout'), this.idleMs).unref();
  }
}

/** The agent could not connect to the app's port (the reason names why, e.g. ECONNREFUSED). */
export class AppConnectionError extends Error {}
