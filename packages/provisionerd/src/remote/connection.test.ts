import type { AddressInfo } from 'node:net';
import {
  CANCEL_REQUEST_METHOD,
  encodeRpcFrames,
  RpcFrameReader,
  type RpcMessage,
  type RpcRequest,
} from '@warren/sdk/provisionerd-rpc';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { RemoteProvisionerApi } from './connection.js';

/** A stand-in for the serve route: answers requests with `answer`, refuses when `refuse` is set. */
function fakeCoderd(answer: (req: RpcRequest, socket: WebSocket) => unknown, refuse?: { status: number; message: string }) {
  const seen: RpcMessage[] = [];
  const headers: Array<Record<string, string | string[] | undefined>> = [];
  const wss = new WebSocketServer({
    port: 0,
    verifyClient: (info, cb) => {
      headers.push(info.req.headers);
      if (refuse) cb(false, refuse.status, refuse.message, { 'Content-Type': 'application/json' });
      else cb(true);
    },
  });
  wss.on('connection', (socket) => {
    const reader = new RpcFrameReader();
    socket.on('message', (data) => {
      const m = reader.push(data as Buffer);
      if (!m) return;
      seen.push(m);
      if ('id' in m && 'method' in m) {
        const result = answer(m, socket);
        if (result !== undefined) for (const f of encodeRpcFrames({ jsonrpc: '2.0', id: m.id, result })) socket.send(f);
      }
    });
  });
  const url = () => new URL(`http://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  return { wss, seen, headers, url, close: () => new Promise<void>((r) => wss.close(() => r())) };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

function client(url: URL, extra: Partial<ConstructorParameters<typeof RemoteProvisionerApi>[0]> = {}) {
  const api = new RemoteProvisionerApi({
    url,
    organization: 'default',
    auth: { kind: 'psk', psk: 'secret' },
    name: 'test-daemon',
    tags: { environment: 'on_prem' },
    logger: pino({ level: 'silent' }),
    retryInitialMs: 20,
    retryMaxMs: 100,
    ...extra,
  });
  api.start();
  closers.push(() => api.close());
  return api;
}

describe('RemoteProvisionerApi', () => {
  it('sends the identity and calls the job protocol over the socket', async () => {
    const server = fakeCoderd((req) => (req.method === 'updateJob' ? { canceled: true, variableValues: [] } : null));
    await new Promise((r) => server.wss.once('listening', r));
    closers.push(server.close);
    const api = client(server.url());
    await api.ready;
    expect(server.headers[0]!['coder-provisioner-daemon-psk']).toBe('secret');
    expect(await api.updateJob({ jobId: 'j1', logs: [] })).toEqual({ canceled: true, variableValues: [] });
    await api.failJob({ jobId: 'j1', error: 'boom', state: new Uint8Array([9]) });
    const fail = server.seen.find((m) => 'method' in m && m.method === 'failJob') as RpcRequest;
    expect((fail.params as { state: Uint8Array }).state).toEqual(new Uint8Array([9]));
  });

  it('withdraws a pending acquire when its signal aborts', async () => {
    const server = fakeCoderd((req, socket) => {
      if (req.method !== 'acquireJob') return null;
      socket.on('message', () => {
        const cancel = server.seen.find((m) => 'method' in m && m.method === CANCEL_REQUEST_METHOD);
        if (cancel) for (const f of encodeRpcFrames({ jsonrpc: '2.0', id: req.id, result: null })) socket.send(f);
      });
      return undefined;
    });
    await new Promise((r) => server.wss.once('listening', r));
    closers.push(server.close);
    const api = client(server.url());
    const controller = new AbortController();
    const acquiring = api.acquireJob(controller.signal);
    await api.ready;
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    expect(await acquiring).toBeUndefined();
  });

  it('keeps waiting for a job across a lost connection', async () => {
    let connections = 0;
    const server = fakeCoderd((req, socket) => {
      if (req.method !== 'acquireJob') return null;
      connections++;
      if (connections === 1) {
        socket.terminate();
        return undefined;
      }
      return { jobId: 'job-after-reconnect', createdAt: 1, provisioner: 'terraform', userName: 'u', templateSourceArchive: new Uint8Array([1]), type: { kind: 'template_import', metadata: {}, userVariableValues: [] } };
    });
    await new Promise((r) => server.wss.once('listening', r));
    closers.push(server.close);
    const api = client(server.url());
    const job = await api.acquireJob(new AbortController().signal);
    expect(job?.jobId).toBe('job-after-reconnect');
    expect(job?.templateSourceArchive).toEqual(new Uint8Array([1]));
    expect(server.headers.length).toBe(2);
  });

  it('gives up with the server sentence when refused', async () => {
    const server = fakeCoderd(() => null, { status: 401, message: 'Unauthorized' });
    await new Promise((r) => server.wss.once('listening', r));
    closers.push(server.close);
    let refused: Error | undefined;
    const api = client(server.url(), { onRefused: (err) => (refused = err) });
    await expect(api.ready).rejects.toThrow(/401/);
    expect(refused).toBeDefined();
    await expect(api.updateJob({ jobId: 'x', logs: [] })).rejects.toThrow(/401/);
    expect(await api.acquireJob(new AbortController().signal)).toBeUndefined();
  });
});
