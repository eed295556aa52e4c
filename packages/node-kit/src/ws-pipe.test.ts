import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { pipeWebSocketToSocket } from './ws-pipe';

// A real WebSocket and a real TCP connection on loopback: the pipe's frames as the far end sees them.

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** A TCP peer (the "app") and a WebSocket client (the "far end") joined by the pipe. */
async function piped(): Promise<{ app: net.Socket; far: WebSocket; frames: Buffer[]; closed: Promise<void> }> {
  const tcp = net.createServer();
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  const listening = new Promise((resolve) => wss.once('listening', resolve));
  closers.push(() => tcp.close(), () => wss.close());
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const appSide = new Promise<net.Socket>((resolve) => tcp.once('connection', resolve));
  wss.on('connection', (ws) => {
    const sock = net.connect((tcp.address() as AddressInfo).port, '127.0.0.1');
    pipeWebSocketToSocket(ws, sock);
  });
  await listening;
  const far = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const frames: Buffer[] = [];
  far.on('message', (data: Buffer) => frames.push(data));
  const closed = new Promise<void>((resolve) => far.once('close', () => resolve()));
  await new Promise((resolve) => far.once('open', resolve));
  const app = await appSide;
  closers.push(() => app.destroy(), () => far.terminate());
  return { app, far, frames, closed };
}

describe('pipeWebSocketToSocket', () => {
  it('carries a bulk transfer whole and in order', async () => {
    const { app, frames, closed } = await piped();
    const payload = randomBytes(16 << 20);
    app.end(payload);
    await closed;
    expect(Buffer.concat(frames).equals(payload)).toBe(true);
  });

  it('sends a lone small write at once, and the last bytes before the socket ends', async () => {
    const { app, frames, closed } = await piped();
    app.write('ping');
    for (const deadline = Date.now() + 5_000; frames.length === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 5));
    expect(frames.map(String)).toEqual(['ping']);
    app.end('bye');
    await closed;
    expect(frames.map(String)).toEqual(['ping', 'bye']);
  });

  it('writes what the far end sends to the socket', async () => {
    const { app, far } = await piped();
    const received: Buffer[] = [];
    app.on('data', (d: Buffer) => received.push(d));
    const payload = randomBytes(3 << 20);
    far.send(payload);
    for (const deadline = Date.now() + 10_000; Buffer.concat(received).length < payload.length && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 5));
    expect(Buffer.concat(received).equals(payload)).toBe(true);
  });
});
