/**
 * The local side of `warren port-forward --udp`: one UDP socket on the local port; every peer
 * (source address and port) that sends to it gets its own `udp` stream to the workspace port, so
 * replies go back to the peer that asked, as with a connected UDP socket. A peer's stream closes
 * after it has been idle for `idleMs`.
 */
import dgram from 'node:dgram';
import { UDP_STREAM_QUEUE_BYTES } from '@warren/sdk';
import { DatagramQueue, onWebSocketDatagram, webSocketDatagrams } from '@warren/node-kit/udp-pipe';
import type WebSocket from 'ws';
import type { PortForward } from './port-specs';

export interface UdpForwardOptions {
  /** Opens the stream to the workspace port; `attach` runs before the socket can open. */
  open: (remotePort: number, attach: (ws: WebSocket) => void) => Promise<WebSocket>;
  onError: (message: string) => void;
  idleMs?: number;
}

interface Peer {
  /** Set when the stream is made (it queues, bounded, until the stream opens). */
  toWorkspace?: DatagramQueue;
  ws?: WebSocket;
  idle?: NodeJS.Timeout;
  closed: boolean;
}

/** Listens on the spec's local address and port; resolves with a close function once bound. */
export async function forwardUdp(spec: PortForward, opts: UdpForwardOptions): Promise<() => void> {
  const socket = dgram.createSocket(spec.address.includes(':') ? 'udp6' : 'udp4');
  const peers = new Map<string, Peer>();
  const idleMs = opts.idleMs ?? 5 * 60_000;

  const drop = (key: string, peer: Peer) => {
    if (peer.closed) return;
    peer.closed = true;
    clearTimeout(peer.idle);
    peers.delete(key);
    peer.toWorkspace?.close();
    peer.ws?.close(1000);
  };
  const touch = (key: string, peer: Peer) => {
    clearTimeout(peer.idle);
    peer.idle = setTimeout(() => drop(key, peer), idleMs);
    peer.idle.unref();
  };

  const peerFor = (key: string, address: string, port: number): Peer => {
    const known = peers.get(key);
    if (known) return known;
    const peer: Peer = { closed: false };
    peers.set(key, peer);
    const toPeer = new DatagramQueue((d, flushed) => socket.send(d, port, address, () => flushed()), UDP_STREAM_QUEUE_BYTES);
    toPeer.open();
    opts
      .open(spec.remote, (ws) => {
        peer.ws = ws;
        peer.toWorkspace = webSocketDatagrams(ws, UDP_STREAM_QUEUE_BYTES);
        onWebSocketDatagram(ws, (d) => {
          touch(key, peer);
          toPeer.send(d);
        });
        ws.once('close', () => {
          toPeer.close();
          drop(key, peer);
        });
      })
      .catch((err: unknown) => {
        opts.onError(`UDP port ${spec.remote} of the workspace is not reachable: ${(err as Error).message}`);
        drop(key, peer);
      });
    return peer;
  };

  socket.on('message', (datagram, rinfo) => {
    const key = `${rinfo.address}|${rinfo.port}`;
    const peer = peerFor(key, rinfo.address, rinfo.port);
    touch(key, peer);
    peer.toWorkspace?.send(datagram);
  });
  socket.on('error', (err) => opts.onError(`UDP ${spec.address}:${spec.local}: ${err.message}`));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(spec.local, spec.address, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return () => {
    for (const [key, peer] of peers) drop(key, peer);
    socket.close();
  };
}
