/**
 * App health as Coder's agent checks it: apps with a healthcheck (url, interval s, threshold)
 * start `initializing`; a check is an HTTP GET that must answer below 500 within the interval;
 * one success makes the app `healthy`, `threshold` failures in a row make it `unhealthy`.
 * Changes are posted with `POST /me/app-health` (checked once a second).
 */
import { httpFetch, type FetchLike } from './http-fetch';
import type { AgentLogger } from './logger';
import { errMessage } from './logger';
import type { AppHealth, AppHealthRequest, ManifestApp } from './wire';

export class AppHealthLoop {
  private readonly apps: ManifestApp[];
  private readonly health = new Map<string, AppHealth>();
  private readonly failures = new Map<string, number>();
  private readonly timers: NodeJS.Timeout[] = [];
  private lastSent = '';
  private posting = false;
  private closed = false;

  constructor(
    apps: ManifestApp[],
    private readonly post: (body: AppHealthRequest) => Promise<unknown>,
    private readonly logger: AgentLogger,
    private readonly fetchImpl: FetchLike = httpFetch,
    private readonly reportIntervalMs = 1000,
  ) {
    this.apps = apps.filter((a) => a.healthcheck && a.healthcheck.url && a.healthcheck.interval > 0 && a.healthcheck.threshold > 0);
    for (const a of this.apps) this.health.set(a.id, 'initializing');
  }

  get current(): Record<string, AppHealth> {
    return Object.fromEntries(this.health);
  }

  start(): void {
    if (this.apps.length === 0) return;
    for (const app of this.apps) {
      this.timers.push(setInterval(() => void this.check(app), app.healthcheck!.interval * 1000));
    }
    this.timers.push(setInterval(() => void this.report(), this.reportIntervalMs));
    void this.report();
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.splice(0)) clearInterval(t);
  }

  private async check(app: ManifestApp): Promise<void> {
    const hc = app.healthcheck!;
    let ok = false;
    try {
      const res = await this.fetchImpl(new URL(hc.url), { signal: AbortSignal.timeout(hc.interval * 1000) });
      await res.text().catch(() => undefined);
      ok = res.status < 500;
    } catch {
      ok = false;
    }
    if (this.closed) return;
    if (ok) {
      this.failures.set(app.id, 0);
      this.health.set(app.id, 'healthy');
    } else {
      const n = (this.failures.get(app.id) ?? 0) + 1;
      this.failures.set(app.id, n);
      if (n >= hc.threshold) this.health.set(app.id, 'unhealthy');
    }
  }

  private async report(): Promise<void> {
    const body: AppHealthRequest = { Healths: this.current };
    const key = JSON.stringify(body);
    if (this.posting || key === this.lastSent || this.closed) return;
    this.posting = true;
    try {
      await this.post(body);
      this.lastSent = key;
    } catch (err) {
      this.logger.warn({ err: errMessage(err) }, 'report app health failed');
    } finally {
      this.posting = false;
    }
  }
}
