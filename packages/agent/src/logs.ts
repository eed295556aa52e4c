/**
 * Script output to the server: lines are queued per log source, registered once with
 * `POST /me/log-source`, and sent with `PATCH /me/logs` in batches (every 250 ms or 100 lines,
 * like Coder's sender). Output is bounded as Coder bounds it: past 1 MiB for the whole agent (or
 * when the server answers 413) the sender stops and drops further lines.
 */
import { AgentApiError } from './api';
import type { AgentLogger } from './logger';
import { errMessage } from './logger';
import { Backoff, sleep } from './retry';
import type { AgentLog, LogLevel, LogSourceRequest, PatchLogsRequest } from './wire';

/** Bytes Coder counts for each line besides its output. */
export const LOG_OVERHEAD_BYTES = 21;
export const LOG_LIMIT_BYTES = 1 << 20;

export interface LogSenderOptions {
  patchLogs: (req: PatchLogsRequest) => Promise<unknown>;
  createSource: (req: LogSourceRequest) => Promise<unknown>;
  logger: AgentLogger;
  flushIntervalMs?: number;
  batchLines?: number;
  limitBytes?: number;
  now?: () => Date;
}

interface Queued {
  sourceId: string;
  log: AgentLog;
}

/** Postgres text cannot hold NUL; the decoder already replaced invalid UTF-8. */
const sanitize = (s: string): string => (s.includes('\u0000') ? s.replaceAll('\u0000', '') : s);

export class LogSender {
  private queue: Queued[] = [];
  private readonly sources = new Map<string, LogSourceRequest & { registered: boolean }>();
  private usedBytes = 0;
  private overflow = false;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private closed = false;
  private readonly flushIntervalMs: number;
  private readonly batchLines: number;
  private readonly limitBytes: number;
  private readonly now: () => Date;

  constructor(private readonly opts: LogSenderOptions) {
    this.flushIntervalMs = opts.flushIntervalMs ?? 250;
    this.batchLines = opts.batchLines ?? 100;
    this.limitBytes = opts.limitBytes ?? LOG_LIMIT_BYTES;
    this.now = opts.now ?? (() => new Date());
  }

  /** True once the agent's log budget is spent; nothing more is sent. */
  get overflowed(): boolean {
    return this.overflow;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Declares a log source; it is created on the server before its first lines are sent. */
  source(id: string, displayName: string, icon = ''): void {
    if (!this.sources.has(id)) this.sources.set(id, { id, display_name: displayName, icon, registered: false });
  }

  /** Queues one line; returns false when it was dropped because the budget is spent. */
  add(sourceId: string, level: LogLevel, output: string): boolean {
    if (this.overflow || this.closed) return false;
    const text = sanitize(output);
    const cost = Buffer.byteLength(text) + LOG_OVERHEAD_BYTES;
    if (this.usedBytes + cost > this.limitBytes) {
      this.markOverflow('log limit reached');
      return false;
    }
    this.usedBytes += cost;
    this.queue.push({ sourceId, log: { created_at: this.now().toISOString(), output: text, level } });
    if (this.queue.length >= this.batchLines) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushIntervalMs);
    return true;
  }

  /** A line splitter: feeds bytes in, emits each complete line (CR LF or LF) at `level`. */
  writer(sourceId: string, level: LogLevel): { write(chunk: Buffer): void; end(): void } {
    const decoder = new TextDecoder('utf-8');
    let partial = '';
    return {
      write: (chunk) => {
        partial += decoder.decode(chunk, { stream: true });
        let nl = partial.indexOf('\n');
        while (nl !== -1) {
          const line = partial.slice(0, nl > 0 && partial[nl - 1] === '\r' ? nl - 1 : nl);
          this.add(sourceId, level, line);
          partial = partial.slice(nl + 1);
          nl = partial.indexOf('\n');
        }
        // A single line longer than the whole budget can never be sent: cut it into pieces.
        if (partial.length > 64 * 1024) {
          this.add(sourceId, level, partial);
          partial = '';
        }
      },
      end: () => {
        partial += decoder.decode();
        if (partial) this.add(sourceId, level, partial);
        partial = '';
      },
    };
  }

  /** Sends everything queued so far; resolves when the queue is empty (or dropped). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.sending) await this.sending;
    if (this.queue.length === 0) return;
    this.sending = this.sendAll().finally(() => (this.sending = undefined));
    await this.sending;
  }

  /** Flushes with a deadline, then drops whatever is left. */
  async close(timeoutMs = 5000): Promise<void> {
    await Promise.race([this.flush(), sleep(timeoutMs).catch(() => undefined)]);
    this.closed = true;
    clearTimeout(this.timer);
    this.queue = [];
  }

  private markOverflow(reason: string): void {
    if (this.overflow) return;
    this.overflow = true;
    this.queue = [];
    this.opts.logger.warn({ reason, bytes: this.usedBytes }, 'script logs overflowed; further output is dropped');
  }

  private async sendAll(): Promise<void> {
    const backoff = new Backoff(1000, 5000);
    while (this.queue.length > 0 && !this.overflow && !this.closed) {
      const sourceId = this.queue[0]!.sourceId;
      let n = 0;
      while (n < this.queue.length && n < this.batchLines && this.queue[n]!.sourceId === sourceId) n++;
      const batch = this.queue.slice(0, n).map((q) => q.log);
      try {
        const source = this.sources.get(sourceId);
        if (source && !source.registered) {
          await this.opts.createSource({ id: source.id, display_name: source.display_name, icon: source.icon });
          source.registered = true;
        }
        await this.opts.patchLogs({ log_source_id: sourceId, logs: batch });
        this.queue.splice(0, n);
        backoff.reset();
      } catch (err) {
        if (err instanceof AgentApiError && err.status === 413) {
          this.markOverflow('server refused more logs');
          return;
        }
        this.opts.logger.warn({ err: errMessage(err), lines: batch.length }, 'send script logs failed; retrying');
        if (this.closed) return;
        await sleep(backoff.next());
      }
    }
  }
}
