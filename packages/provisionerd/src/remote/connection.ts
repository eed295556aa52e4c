import {
  CANCEL_REQUEST_METHOD,
  encodeRpcFrames,
  isRpcResponse,
  PROVISIONER_DAEMON_KEY_HEADER,
  PROVISIONER_DAEMON_PSK_HEADER,
  PROVISIONERD_API_VERSION,
  RpcFrameReader,
  type ProvisionerRpcMethod,
  type ProvisionerRpcMethods,
  type RpcMessage,
} from '@warren/sdk/provisionerd-rpc';
import type {
  AcquiredJob,
  CompletedJob,
  FailedJob,
  ProvisionerDaemonApi,
  UpdateJobRequest,
  UpdateJobResponse,
} from '@warren/sdk/provisionerd';
import { WARREN_VERSION } from '@warren/sdk/version';
import type { Logger } from 'pino';
import WebSocket from 'ws';
import { Backoff, sleep } from '../daemon/backoff.js';
import { type Clock, systemClock } from '../terraform/clock.js';
import { dialCoderd, RefusedError } from './dial.js';

export type RemoteAuth = { kind: 'key'; key: string } | { kind: 'psk'; psk: string } | { kind: 'session'; token: string };

export interface RemoteConnectionOptions {
  /** The deployment URL (CODER_URL). */
  url: URL;
  /** Organization id or name of the serve route; `default` for the default organization. */
  organization: string;
  auth: RemoteAuth;
  name: string;
  /** Tags asked for (not allowed with a provisioner key). */
  tags?: Record<string, string>;
  provisioners?: string[];
  logger: Logger;
  clock?: Clock;
  /** First wait before reconnecting; doubled per failure. Default 250 ms. */
  retryInitialMs?: number;
  /** Longest wait between reconnects. Default 5 s. */
  retryMaxMs?: number;
  /** How long a call waits for a connection before failing (the daemon retries it). Default 10 s. */
  callWaitMs?: number;
  /** The connection is dropped when the server sends no ping for this long. Default 45 s. */
  silenceTimeoutMs?: number;
  /** Told once when the server refuses the daemon (bad credentials, forbidden tags, ...). */
  onRefused?: (err: RefusedError) => void;
}

/** The connection to coderd was lost while a call was in flight. */
export class ConnectionLostError extends Error {
  override readonly name = 'ConnectionLostError';
}

/** Error answered by the server to one call. */
export class RemoteCallError extends Error {
  override readonly name = 'RemoteCallError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/**
 * ProvisionerDaemonApi over the serve WebSocket: each call is a JSON-RPC request. The connection
 * is kept up by itself, reconnecting with backoff when the server goes away; waiting for a job
 * survives reconnects, so ProvisionerDaemon runs unchanged on top of it.
 */
export class RemoteProvisionerApi implements ProvisionerDaemonApi {
  private socket: WebSocket | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly waiters = new Set<() => void>();
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private refused: RefusedError | undefined;
  private readonly clock: Clock;
  private readonly log: Logger;
  private firstConnected!: () => void;
  private firstFailed!: (err: Error) => void;
  /** Settles at the first connection, or fails when the server refuses the daemon. */
  readonly ready: Promise<void>;

  constructor(private readonly options: RemoteConnectionOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.logger;
    this.ready = new Promise<void>((resolve, reject) => {
      this.firstConnected = resolve;
      this.firstFailed = reject;
    });
    this.ready.catch(() => undefined);
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  start(): void {
    this.loop ??= this.connectLoop();
  }

  async close(): Promise<void> {
    this.stopping.abort();
    this.socket?.close(1000, 'daemon shutting down');
    this.wakeWaiters();
    await this.loop;
  }

  async acquireJob(signal: AbortSignal): Promise<AcquiredJob | undefined> {
    while (!signal.aborted) {
      if (!(await this.waitConnected(signal))) break;
      const socket = this.socket!;
      const id = this.nextId++;
      const onAbort = () => this.notify(socket, { jsonrpc: '2.0', method: CANCEL_REQUEST_METHOD, params: { id } });
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        const job = (await this.request(socket, id, 'acquireJob', {})) as AcquiredJob | null;
        return job ?? undefined;
      } catch (err) {
        if (err instanceof ConnectionLostError) continue;
        throw err;
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    }
    return undefined;
  }

  updateJob(req: UpdateJobRequest): Promise<UpdateJobResponse> {
    return this.call('updateJob', req);
  }

  async completeJob(job: CompletedJob): Promise<void> {
    await this.call('completeJob', job);
  }

  async failJob(job: FailedJob): Promise<void> {
    await this.call('failJob', job);
  }

  private async call<M extends ProvisionerRpcMethod>(method: M, params: ProvisionerRpcMethods[M]['params']): Promise<ProvisionerRpcMethods[M]['result']> {
    const timeout = AbortSignal.timeout(this.options.callWaitMs ?? 10_000);
    if (!(await this.waitConnected(timeout))) {
      throw this.refused ?? new ConnectionLostError('Not connected to coderd; the call will be retried.');
    }
    return (await this.request(this.socket!, this.nextId++, method, params)) as ProvisionerRpcMethods[M]['result'];
  }

  private request(socket: WebSocket, id: number, method: string, params: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (!this.notify(socket, { jsonrpc: '2.0', id, method, params })) {
        this.pending.delete(id);
        reject(new ConnectionLostError('The connection to coderd closed before the call was sent.'));
      }
    });
  }

  private notify(socket: WebSocket, message: RpcMessage): boolean {
    if (socket.readyState !== WebSocket.OPEN) return false;
    for (const frame of encodeRpcFrames(message)) socket.send(frame);
    return true;
  }

  /** Resolves true once connected, false when `signal` aborts, the daemon closes or is refused. */
  private waitConnected(signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.connected) return finish(true);
        if (signal.aborted || this.stopping.signal.aborted || this.refused) return finish(false);
      };
      const finish = (ok: boolean) => {
        this.waiters.delete(check);
        signal.removeEventListener('abort', check);
        resolve(ok);
      };
      this.waiters.add(check);
      signal.addEventListener('abort', check, { once: true });
      check();
    });
  }

  private wakeWaiters(): void {
    for (const w of [...this.waiters]) w();
  }

  private async connectLoop(): Promise<void> {
    const backoff = new Backoff(this.options.retryInitialMs ?? 250, this.options.retryMaxMs ?? 5_000);
    const stop = this.stopping.signal;
    while (!stop.aborted) {
      let socket: WebSocket;
      try {
        socket = await dialCoderd(this.serveUrl(), this.headers());
      } catch (err) {
        if (err instanceof RefusedError) {
          this.refused = err;
          this.log.error({ status: err.status }, err.message);
          this.firstFailed(err);
          this.wakeWaiters();
          this.options.onRefused?.(err);
          return;
        }
        if (stop.aborted) break;
        const retryInMs = backoff.next();
        this.log.warn({ err: (err as Error).message, retryInMs }, 'could not connect to coderd; retrying');
        await sleep(this.clock, retryInMs, stop);
        continue;
      }
      backoff.reset();
      if (stop.aborted) {
        socket.close(1000, 'daemon shutting down');
        break;
      }
      this.log.info({ url: this.options.url.toString() }, 'provisioner: successfully connected to coderd');
      this.firstConnected();
      await this.session(socket);
      if (!stop.aborted) this.log.warn('connection to coderd lost; reconnecting');
    }
  }

  /** Runs one connection until it closes. */
  private session(socket: WebSocket): Promise<void> {
    const reader = new RpcFrameReader();
    this.socket = socket;
    let lastPing = Date.now();
    const silence = this.options.silenceTimeoutMs ?? 45_000;
    const watchdog = setInterval(() => {
      if (Date.now() - lastPing > silence) {
        this.log.warn('coderd stopped pinging; dropping the connection');
        socket.terminate();
      }
    }, Math.min(silence, 5_000));
    socket.on('ping', () => {
      lastPing = Date.now();
    });
    socket.on('message', (data) => {
      let message: RpcMessage | undefined;
      try {
        message = reader.push(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
      } catch (err) {
        this.log.warn({ err }, 'bad message from coderd');
        socket.terminate();
        return;
      }
      if (!message || !isRpcResponse(message)) return;
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if ('error' in message) pending.reject(new RemoteCallError(message.error.code, message.error.message));
      else pending.resolve(message.result);
    });
    this.wakeWaiters();
    return new Promise((resolve) => {
      socket.once('close', (code, reason) => {
        clearInterval(watchdog);
        if (this.socket === socket) this.socket = undefined;
        const lost = new ConnectionLostError(`The connection to coderd closed (${code}${reason.length ? `: ${String(reason)}` : ''}).`);
        for (const p of this.pending.values()) p.reject(lost);
        this.pending.clear();
        resolve();
      });
      socket.on('error', (err) => this.log.debug({ err }, 'websocket error'));
    });
  }

  private serveUrl(): URL {
    const { url, organization, name, tags, provisioners } = this.options;
    const serve = new URL(`/api/v2/organizations/${encodeURIComponent(organization)}/provisionerdaemons/serve`, url);
    serve.protocol = serve.protocol === 'https:' ? 'wss:' : 'ws:';
    serve.searchParams.set('id', crypto.randomUUID());
    serve.searchParams.set('name', name);
    serve.searchParams.set('version', PROVISIONERD_API_VERSION);
    for (const p of provisioners ?? ['terraform']) serve.searchParams.append('provisioner', p);
    for (const [k, v] of Object.entries(tags ?? {})) serve.searchParams.append('tag', `${k}=${v}`);
    return serve;
  }

  private headers(): Record<string, string> {
    const { auth } = this.options;
    const version = { 'X-Coder-Build-Version': WARREN_VERSION };
    if (auth.kind === 'key') return { ...version, [PROVISIONER_DAEMON_KEY_HEADER]: auth.key };
    if (auth.kind === 'psk') return { ...version, [PROVISIONER_DAEMON_PSK_HEADER]: auth.psk };
    return { ...version, 'Coder-Session-Token': auth.token };
  }
}
