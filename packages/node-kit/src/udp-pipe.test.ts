import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { DatagramQueue, pipeWebSocketToUdp } from './udp-pipe';

describe('UDP over a stream WebSocket', () => {
  it('queues datagrams until open, in order, and drops past the limit instead of growing', () => {
    const written: string[] = [];
    const pending: (() => void)[] = [];
    const q = new DatagramQueue((d, flushed) => {
      written.push(d.toString());
      pending.push(flushed);
    }, 10);
    expect(q.send(Buffer.from('aaaa'))).toBe(true);
    expect(q.send(Buffer.from('bbbb'))).toBe(true);
    expect(q.send(Buffer.from('cccc'))).toBe(false); // 12 bytes would pass the 10-byte bound
    expect(written).toEqual([]);
    q.open();
    expect(written).toEqual(['aaaa', 'bbbb']);
    expect(q.send(Buffer.from('dddd'))).toBe(false); // the first two are not flushed yet
    pending.shift()!();
    expect(q.send(Buffer.from('dddd'))).toBe(true);
    expect(written).toEqual(['aaaa', 'bbbb', 'dddd']);
    expect(q.dropped).toBe(2);
    q.close();
    expect(q.send(Buffer.from('e'))).toBe(false);
  });

  it('keeps datagram boundaries both ways between a WebSocket and a UDP port', async () => {
    const echo = dgram.createSocket('udp4');
    echo.on('message', (m, r) => echo.send(m, r.port, r.address));
    await new Promise<void>((r) => echo.bind(0, '127.0.0.1', r));
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws) => pipeWebSocketToUdp(ws, echo.address().port, { limit: 1 << 20 }));
    const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
    const got: Buffer[] = [];
    client.on('message', (d: Buffer) => got.push(d));
    await new Promise((r) => client.once('open', r));
    const sent = [Buffer.alloc(0), Buffer.from('one'), Buffer.alloc(20_000, 7)];
    for (const d of sent) client.send(d);
    const deadline = Date.now() + 5000;
    while (got.length < sent.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(got.map((d) => d.length).sort((a, b) => a - b)).toEqual([0, 3, 20_000]);
    client.close();
    wss.close();
    echo.close();
  });
});
