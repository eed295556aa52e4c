import { describe, expect, it } from 'vitest';
import { encodeRpcFrames, RpcFrameReader, type RpcMessage } from './provisionerd-rpc';

describe('provisioner protocol frames', () => {
  it('round-trips a request with binary fields and no undefined values', () => {
    const message: RpcMessage = { jsonrpc: '2.0', id: 7, method: 'failJob', params: { jobId: 'j', error: 'x', state: new Uint8Array([1, 2, 3]), errorCode: undefined } };
    const frames = encodeRpcFrames(message);
    expect(frames).toHaveLength(1);
    expect(frames[0]![0]).toBe(1);
    const decoded = new RpcFrameReader().push(frames[0]!) as { params: Record<string, unknown> };
    expect(decoded.params.state).toEqual(new Uint8Array([1, 2, 3]));
    expect('errorCode' in decoded.params).toBe(false);
  });

  it('splits large messages into fragments and reassembles them', () => {
    const big = new Uint8Array(2_500_000).map((_, i) => i % 251);
    const frames = encodeRpcFrames({ jsonrpc: '2.0', id: 1, result: { templateSourceArchive: big } }, 1 << 20);
    expect(frames.length).toBe(3);
    expect(frames.map((f) => f[0])).toEqual([0, 0, 1]);
    const reader = new RpcFrameReader();
    expect(reader.push(frames[0]!)).toBeUndefined();
    expect(reader.push(frames[1]!)).toBeUndefined();
    const done = reader.push(frames[2]!) as { result: { templateSourceArchive: Uint8Array } };
    expect(Buffer.compare(done.result.templateSourceArchive, big)).toBe(0);
  });

  it('refuses messages that are not JSON-RPC 2.0', () => {
    const frames = encodeRpcFrames({ hello: 'world' } as never);
    expect(() => new RpcFrameReader().push(frames[0]!)).toThrow(/not JSON-RPC 2.0/);
    expect(() => new RpcFrameReader().push(new Uint8Array())).toThrow(/empty/);
  });
});
