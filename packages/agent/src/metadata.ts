/**
 * Metadata collection as Coder's agent does it: each manifest item's script runs through the shell
 * every `interval` seconds (once when 0) with its `timeout` (falling back to the interval, then
 * 5 s); results gathered since the last report are posted together once a second.
 */
import { spawn } from 'node:child_process';
import type { ProcessEnvironment } from './environment';
import type { AgentLogger } from './logger';
import { errMessage } from './logger';
import { killGroup } from './scripts';
import type { MetadataDescription, MetadataResult } from './wire';

const MAX_VALUE_BYTES = 10 * 1024;

/** Runs one metadata script; output is stdout and stderr together, trimmed. */
export function collectMetadata(md: MetadataDescription, env: ProcessEnvironment, now: () => Date): Promise<MetadataResult> {
  const timeoutS = md.timeout > 0 ? md.timeout : md.interval > 0 ? md.interval : 5;
  const collectedAt = now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const child = spawn(env.shell, ['-c', md.script], {
      cwd: env.directory,
      env: env.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const onData = (b: Buffer) => {
      if (size < MAX_VALUE_BYTES) chunks.push(b);
      size += b.length;
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) killGroup(child.pid, 'SIGKILL');
    }, timeoutS * 1000);
    const finish = (error: string) => {
      clearTimeout(timer);
      const value = Buffer.concat(chunks).toString('utf8').slice(0, MAX_VALUE_BYTES).trim();
      resolve({ key: md.key, collected_at: collectedAt.toISOString(), age: 0, value, error });
    };
    child.once('error', (err) => finish(`start cmd: ${err.message}`));
    child.once('close', (code) => {
      if (timedOut) finish(`The metadata script timed out after ${timeoutS} s.`);
      else finish(code === 0 ? '' : `run cmd: exit status ${code}`);
    });
  });
}

export class MetadataLoop {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly inFlight = new Set<string>();
  private readonly pending = new Map<string, MetadataResult>();
  private reportTimer: NodeJS.Timeout | undefined;
  private posting = false;
  private closed = false;

  constructor(
    private readonly items: MetadataDescription[],
    private readonly env: ProcessEnvironment,
    private readonly post: (results: MetadataResult[]) => Promise<unknown>,
    private readonly logger: AgentLogger,
    private readonly now: () => Date = () => new Date(),
    private readonly reportIntervalMs = 1000,
  ) {}

  start(): void {
    for (const md of this.items) {
      void this.collect(md);
      if (md.interval > 0) this.timers.push(setInterval(() => void this.collect(md), md.interval * 1000));
    }
    if (this.items.length) this.reportTimer = setInterval(() => void this.report(), this.reportIntervalMs);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.splice(0)) clearInterval(t);
    clearInterval(this.reportTimer);
  }

  private async collect(md: MetadataDescription): Promise<void> {
    // A script slower than its interval is not started twice.
    if (this.inFlight.has(md.key) || this.closed) return;
    this.inFlight.add(md.key);
    try {
      this.pending.set(md.key, await collectMetadata(md, this.env, this.now));
    } finally {
      this.inFlight.delete(md.key);
    }
  }

  private async report(): Promise<void> {
    if (this.posting || this.pending.size === 0 || this.closed) return;
    const results = [...this.pending.values()].map((r) => ({
      ...r,
      age: Math.max(0, Math.round((this.now().getTime() - Date.parse(r.collected_at)) / 1000)),
    }));
    this.pending.clear();
    this.posting = true;
    try {
      await this.post(results);
    } catch (err) {
      this.logger.warn({ err: errMessage(err) }, 'report metadata failed');
      // Keep the newest values for the next attempt unless fresher ones arrived meanwhile.
      for (const r of results) if (!this.pending.has(r.key)) this.pending.set(r.key, r);
    } finally {
      this.posting = false;
    }
  }
}
