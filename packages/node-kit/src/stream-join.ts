import type net from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * Joins an SSH channel (or any duplex) and a socket both ways: data flows with back-pressure,
 * an error on either destroys both, and each end's close ends the other.
 */
export function joinChannelAndSocket(channel: Duplex, sock: net.Socket): void {
  channel.pipe(sock).pipe(channel);
  const destroy = () => {
    sock.destroy();
    channel.destroy();
  };
  sock.on('error', destroy);
  channel.on('error', destroy);
  channel.on('close', () => sock.destroy());
  sock.on('close', () => channel.end());
}
