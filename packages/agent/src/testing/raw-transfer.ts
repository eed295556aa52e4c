/** A transfer both ways over one raw dial-back of the real agent, for tests to check byte for byte. */
import { randomBytes } from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type WebSocket from 'ws';
import type { AgentPeer } from './peer';

export interface RawTransfer {
  /** What the peer got back for the stream: a socket when the dial-back was raw. */
  carrier: WebSocket | net.Socket;
  upload: Buffer;
  download: Buffer;
  /** What the app on the port received, and what came back over the stream. */
  atPort: Buffer;
  received: Buffer;
}

/**
 * Starts an app on a loopback port that reads `uploadBytes`, then answers `downloadBytes` and ends;
 * asks the agent for a raw `tcp` stream to it, sends the upload over the stream (when it is a
 * socket) and collects the answer until the app's end.
 */
export async function transferOverRawDialBack(peer: AgentPeer, uploadBytes: number, downloadBytes: number): Promise<RawTransfer> {
  const upload = randomBytes(uploadBytes);
  const download = randomBytes(downloadBytes);
  const atPort: Buffer[] = [];
  const app = net.createServer((s) => {
    s.on('data', (d: Buffer) => {
      atPort.push(d);
      if (Buffer.concat(atPort).length === upload.length) s.end(download);
    });
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  try {
    const carrier = await peer.dialAny({ kind: 'tcp', port: (app.address() as AddressInfo).port, raw: true });
    const received: Buffer[] = [];
    if (carrier instanceof net.Socket) {
      carrier.on('data', (d: Buffer) => received.push(d));
      const ended = new Promise((r) => carrier.once('end', r));
      carrier.write(upload);
      await ended;
      carrier.destroy();
    }
    return { carrier, upload, download, atPort: Buffer.concat(atPort), received: Buffer.concat(received) };
  } finally {
    app.close();
  }
}

/** Checks that the stream was dialed back raw (a socket, not the WebSocket fallback) and carried both ways whole and in order. */
export function expectWholeRawTransfer(transfer: RawTransfer): void {
  expect(transfer.carrier).toBeInstanceOf(net.Socket);
  expect(transfer.atPort.equals(transfer.upload)).toBe(true);
  expect(transfer.received.equals(transfer.download)).toBe(true);
}
