/**
 * The job protocol (ProvisionerDaemonApi) over one WebSocket between an external provisioner
 * daemon and the control plane: JSON-RPC 2.0 messages encoded with MessagePack, so template
 * archives and terraform state travel as binary. The daemon sends requests; the server answers.
 *
 * A message larger than one frame is split: each binary frame starts with one byte, 1 for the last
 * (or only) fragment of a message and 0 for any other.
 */
import { decode, encode } from '@msgpack/msgpack';
import type {
  AcquiredJob,
  CompletedJob,
  FailedJob,
  UpdateJobRequest,
  UpdateJobResponse,
} from './provisionerd';

/** The API version a daemon reports in the `version` query parameter of the serve route. */
export const PROVISIONERD_API_VERSION = '1.4';
export const PROVISIONER_DAEMON_KEY_HEADER = 'Coder-Provisioner-Daemon-Key';
export const PROVISIONER_DAEMON_PSK_HEADER = 'Coder-Provisioner-Daemon-PSK';

/** Methods, their parameters and results. `acquireJob` answers null when canceled. */
export interface ProvisionerRpcMethods {
  acquireJob: { params: Record<string, never>; result: AcquiredJob | null };
  updateJob: { params: UpdateJobRequest; result: UpdateJobResponse };
  completeJob: { params: CompletedJob; result: null };
  failJob: { params: FailedJob; result: null };
}
export type ProvisionerRpcMethod = keyof ProvisionerRpcMethods;

/** The notification that withdraws a pending request (used to stop waiting for a job). */
export const CANCEL_REQUEST_METHOD = '$/cancelRequest';

export interface RpcRequest {
  jsonrpc: '2.0';
  id: number;
  method: string;
  params: unknown;
}

export interface RpcNotification {
  jsonrpc: '2.0';
  method: string;
  params: unknown;
}

export interface RpcErrorObject {
  code: number;
  message: string;
}

export type RpcResponse =
  | { jsonrpc: '2.0'; id: number; result: unknown }
  | { jsonrpc: '2.0'; id: number; error: RpcErrorObject };

export type RpcMessage = RpcRequest | RpcNotification | RpcResponse;

/** JSON-RPC error codes: the standard ones and the protocol's own. */
export const RpcErrorCode = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
  /** The daemon acted on a job it does not hold (or that already ended). */
  jobNotHeld: -32001,
} as const;

/** The largest fragment put in one WebSocket frame (the server reads frames of up to 1 MiB). */
export const RPC_FRAGMENT_BYTES = 512 * 1024;
/** The largest message accepted after reassembly. */
export const RPC_MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

/** Encodes a message into one or more frames. */
export function encodeRpcFrames(message: RpcMessage, fragmentBytes = RPC_FRAGMENT_BYTES): Uint8Array[] {
  const body = encode(message, { ignoreUndefined: true });
  const frames: Uint8Array[] = [];
  for (let at = 0; at === 0 || at < body.length; at += fragmentBytes) {
    const part = body.subarray(at, at + fragmentBytes);
    const frame = new Uint8Array(part.length + 1);
    frame[0] = at + fragmentBytes >= body.length ? 1 : 0;
    frame.set(part, 1);
    frames.push(frame);
  }
  return frames;
}

/** Reassembles frames into messages; `push` answers a message once its last fragment arrived. */
export class RpcFrameReader {
  private parts: Uint8Array[] = [];
  private size = 0;

  push(frame: Uint8Array): RpcMessage | undefined {
    if (frame.length === 0) throw new Error('Received an empty provisioner protocol frame.');
    // A plain view (not a Buffer), so binary fields decode as plain Uint8Arrays.
    const part = new Uint8Array(frame.buffer, frame.byteOffset + 1, frame.length - 1);
    this.size += part.length;
    if (this.size > RPC_MAX_MESSAGE_BYTES) throw new Error('A provisioner protocol message exceeds the size limit.');
    this.parts.push(part);
    if (frame[0] !== 1) return undefined;
    const body = this.parts.length === 1 ? this.parts[0]! : concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    const message = decode(body) as RpcMessage;
    if (!message || typeof message !== 'object' || (message as { jsonrpc?: unknown }).jsonrpc !== '2.0') {
      throw new Error('Received a message that is not JSON-RPC 2.0.');
    }
    return message;
  }
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function isRpcResponse(m: RpcMessage): m is RpcResponse {
  return 'id' in m && !('method' in m);
}

export function isRpcRequest(m: RpcMessage): m is RpcRequest {
  return 'id' in m && 'method' in m;
}
