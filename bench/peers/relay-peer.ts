/**
 * One end of bench/agent-relay in its own process, as in a deployment:
 *   relay-peer.ts sink    a TCP server (the workload in the workspace) counting what it receives;
 *   relay-peer.ts source  the client side, writing either to plain loopback TCP or through the
 *                         CLI's dial (`openAgentWebSocket`, as `warren port-forward` uses it).
 * Driven by its parent over IPC; the parent times each run from `go` to the sink's `done`.
 */
import net from 'node:net';
import { Client } from '@warren/sdk';
import type WebSocket from 'ws';
import { openAgentWebSocket } from '../../packages/cli/src/agent-dial';

export type SinkRequest = { expect: number };
export type SinkReply = { port: number } | { expecting: number } | { done: number };
export type SourceRequest =
  | { open: 'direct'; port: number }
  | { open: 'relay'; port: number; url: string; sessionToken: string; agentId: string }
  | { go: number; chunk: number }
  | { close: true };
export type SourceReply = { ready: true } | { sent: number } | { closed: true };

const send = (msg: SinkReply | SourceReply) => process.send!(msg);

if (process.argv[2] === 'sink') {
  let received = 0;
  let target = 0;
  const server = net.createServer((sock) => {
    sock.on('data', (d: Buffer) => {
      received += d.length;
      if (target > 0 && received >= target) {
        send({ done: received });
        target = 0;
      }
    });
    sock.on('error', () => sock.destroy());
  });
  server.listen(0, '127.0.0.1', () => send({ port: (server.address() as net.AddressInfo).port }));
  process.on('message', (msg: SinkRequest) => {
    received = 0;
    target = msg.expect;
    send({ expecting: target });
  });
} else if (process.argv[2] === 'source') {
  let direct: net.Socket | undefined;
  let ws: WebSocket | undefined;
  process.on('message', async (msg: SourceRequest) => {
    if ('open' in msg) {
      if (msg.open === 'direct') {
        direct = net.connect(msg.port, '127.0.0.1');
        await new Promise((r) => direct!.once('connect', r));
      } else {
        ws = await openAgentWebSocket(new Client(msg.url, { sessionToken: msg.sessionToken }), msg.agentId, `tcp?port=${msg.port}`);
      }
      send({ ready: true });
    } else if ('go' in msg) {
      const chunk = Buffer.alloc(msg.chunk, 7);
      if (direct) {
        for (let sent = 0; sent < msg.go; sent += msg.chunk) if (!direct.write(chunk)) await new Promise((r) => direct!.once('drain', r));
      } else if (ws) {
        // At most 4 MiB not yet flushed to the server.
        let inFlight = 0;
        let wake: (() => void) | undefined;
        const onFlushed = () => {
          inFlight -= msg.chunk;
          if (wake && inFlight <= 2 * 1024 * 1024) (wake(), (wake = undefined));
        };
        for (let sent = 0; sent < msg.go; sent += msg.chunk) {
          inFlight += msg.chunk;
          ws.send(chunk, { binary: true }, onFlushed);
          if (inFlight > 4 * 1024 * 1024) await new Promise<void>((r) => (wake = r));
        }
      }
      send({ sent: msg.go });
    } else {
      direct?.destroy();
      ws?.close();
      direct = ws = undefined;
      send({ closed: true });
    }
  });
} else {
  throw new Error('usage: relay-peer.ts sink|source');
}
