/**
 * Relaying a TCP connection's bytes to another socket with no allocation and no copy per read:
 * the connection reads into one buffer of its own (net's `onread`), each read is written straight
 * from that buffer, and reading pauses while a write of it is still pending, so the buffer is
 * never refilled under a write. Measured on a bare relay process (docs/performance.md): about a
 * third of the CPU of `pipe()`, which allocates a fresh 64 KiB buffer for every read.
 */
import net from 'node:net';
import { tieLifetimes } from './stream-join';

/** The size of a relaying connection's read buffer: per connection, so kept moderate. */
export const RELAY_BUFFER_BYTES = 256 << 10;

export interface RelaySource {
  /** The connection; it reads nothing until relayTo. */
  readonly socket: net.Socket;
  /**
   * Starts writing what the connection reads to `dst`, and ends `dst` when the connection ends.
   * `onRead` sees each read's size (for byte counts).
   */
  relayTo(dst: net.Socket, onRead?: (bytes: number) => void): void;
}

export function connectRelaySource(port: number, host: string, bufferBytes = RELAY_BUFFER_BYTES): RelaySource {
  let dst: net.Socket | undefined;
  let onRead: ((bytes: number) => void) | undefined;
  let waiting = false;
  // Called once each write is flushed (or failed): a pending one held the buffer, so reading resumes.
  // ('drain' would not do: it fires only after a write that crossed the high-water mark.)
  const written = (err?: Error | null) => {
    if (!waiting || err) return;
    waiting = false;
    socket.resume();
  };
  const socket = net.connect({
    port,
    host,
    onread: {
      buffer: Buffer.allocUnsafe(bufferBytes),
      callback: (bytes, buffer) => {
        if (!dst || dst.destroyed) return false;
        dst.write(buffer.subarray(0, bytes), written);
        onRead?.(bytes);
        if (dst.writableLength === 0) return true;
        waiting = true;
        return false;
      },
    },
  });
  socket.pause();
  return {
    socket,
    relayTo(target, counter) {
      dst = target;
      onRead = counter;
      socket.once('end', () => target.end());
      socket.resume();
    },
  };
}

/**
 * Joins a relay source and a socket both ways (the source's reads relayed as above, the socket's
 * piped into the source): an error on either destroys both, and each end's close ends the other.
 */
export function joinRelayed(source: RelaySource, other: net.Socket, onRead?: (bytes: number) => void): void {
  source.relayTo(other, onRead);
  other.pipe(source.socket);
  tieLifetimes(other, source.socket);
}
