import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectRelaySource, joinRelayed } from './socket-relay';

// Real loopback connections: an "app" the relay source connects to, and a "far end" the relay
// writes to, joined through a listener the test controls.

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function listener(): Promise<{ port: number; next: () => Promise<net.Socket> }> {
  const server = net.createServer();
  closers.push(() => server.close());
  const queue: net.Socket[] = [];
  const waiting: ((s: net.Socket) => void)[] = [];
  server.on('connection', (s) => {
    closers.push(() => s.destroy());
    const w = waiting.shift();
    if (w) w(s);
    else queue.push(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((r) => waiting.push(r))) };
}

/** A relay source to an app, joined to a socket whose far end the test holds. */
async function relayed(bufferBytes?: number) {
  const app = await listener();
  const far = await listener();
  const source = connectRelaySource(app.port, '127.0.0.1', bufferBytes);
  const appSide = await app.next();
  const near = net.connect(far.port, '127.0.0.1');
  const farSide = await far.next();
  closers.push(() => source.socket.destroy(), () => near.destroy());
  return { source, appSide, near, farSide };
}

const sha = (chunks: Buffer[]) => createHash('sha256').update(Buffer.concat(chunks)).digest('hex');

describe('connectRelaySource', () => {
  it('reads nothing until it is told where to write', async () => {
    const { source, appSide, near, farSide } = await relayed();
    appSide.write('early bytes');
    await new Promise((r) => setTimeout(r, 200));
    expect(source.socket.bytesRead).toBe(0);
    const got: Buffer[] = [];
    farSide.on('data', (d: Buffer) => got.push(d));
    source.relayTo(near);
    await expect.poll(() => Buffer.concat(got).toString()).toBe('early bytes');
  });

  it('carries a bulk transfer whole and in order to a reader that keeps pausing', async () => {
    // A small buffer and a slow reader: most writes are still pending when the next read could come.
    const { source, appSide, near, farSide } = await relayed(16 << 10);
    const sent = Array.from({ length: 64 }, () => randomBytes(256 << 10));
    const got: Buffer[] = [];
    farSide.on('data', (d: Buffer) => {
      got.push(Buffer.from(d));
      farSide.pause();
      setTimeout(() => farSide.resume(), 1);
    });
    const ended = new Promise((r) => farSide.once('end', r));
    let reads = 0;
    source.relayTo(near, () => reads++);
    for (const chunk of sent) appSide.write(chunk);
    appSide.end();
    await ended;
    expect(Buffer.concat(got).length).toBe(64 * (256 << 10));
    expect(sha(got)).toBe(sha(sent));
    expect(reads).toBeGreaterThanOrEqual((64 * (256 << 10)) / (16 << 10));
  }, 30_000);

  it('reads again after a write smaller than the high-water mark had to wait', async () => {
    // Reads of at most 8 KiB never cross the destination's 16 KiB high-water mark, so only the
    // writes' own completion can say when the buffer is free again ('drain' never comes).
    const { source, appSide, near, farSide } = await relayed(8 << 10);
    const sent = randomBytes(16 << 20);
    farSide.pause();
    const got: Buffer[] = [];
    farSide.on('data', (d: Buffer) => got.push(Buffer.from(d)));
    const ended = new Promise((r) => farSide.once('end', r));
    source.relayTo(near);
    appSide.end(sent);
    await new Promise((r) => setTimeout(r, 300));
    expect(near.writableLength).toBeGreaterThan(0);
    farSide.resume();
    await ended;
    expect(Buffer.concat(got).equals(sent)).toBe(true);
  }, 20_000);
});

describe('joinRelayed', () => {
  it('carries both ways and closes the other side when one closes', async () => {
    const { source, appSide, near, farSide } = await relayed();
    joinRelayed(source, near);
    const atApp: Buffer[] = [];
    const atFar: Buffer[] = [];
    appSide.on('data', (d: Buffer) => atApp.push(d));
    farSide.on('data', (d: Buffer) => atFar.push(d));
    farSide.write('to the app');
    appSide.write('to the far end');
    await expect.poll(() => Buffer.concat(atApp).toString()).toBe('to the app');
    await expect.poll(() => Buffer.concat(atFar).toString()).toBe('to the far end');
    const farEnded = new Promise((r) => farSide.once('end', r));
    appSide.destroy();
    await farEnded;
    await expect.poll(() => near.destroyed).toBe(true);
  });

  it('destroys the relay source when the other socket fails', async () => {
    const { source, near } = await relayed();
    joinRelayed(source, near);
    near.destroy(new Error('reset'));
    await expect.poll(() => source.socket.destroyed).toBe(true);
  });
});
