import type net from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * Joins an SSH channel (or any duplex) and a socket both ways: data flows with back-pressure,
 * an error on either destroys both, and each end's close ends the other.
 */
export function joinChannelAndSocket(channel: Duplex, sock: net.Socket): void {
  channel.pipe(sock).pipe(channel);
  tieLifetimes(channel, sock);
}

/**
 * Ties two joined streams' lifetimes: an error on either destroys both, `outer` closing destroys
 * `inner`, and `inner` closing ends `outer` (so what `outer` still holds is flushed first).
 */
export function tieLifetimes(outer: Duplex, inner: Duplex): void {
  const destroy = () => {
    inner.destroy();
    outer.destroy();
  };
  inner.on('error', destroy);
  outer.on('error', destroy);
  outer.on('close', () => inner.destroy());
  inner.on('close', () => outer.end());
}
