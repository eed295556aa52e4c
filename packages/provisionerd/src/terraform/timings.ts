/**
 * How long a build's stages and resources took, measured the way Coder measures them: each stage
 * (init, plan, graph, apply) as a whole, and each resource action from terraform's machine-readable
 * `apply_start`/`apply_complete` (also provision and refresh) messages and their timestamps.
 */
import type { Clock } from './clock.js';

export type TimingStage = 'init' | 'plan' | 'graph' | 'apply';

export interface Timing {
  stage: TimingStage;
  /** The provider of the resource (`coder`, `docker`...), or `coder`/`terraform` for whole stages. */
  source: string;
  /** `create`, `read`, `delete`, `state refresh`... */
  action: string;
  /** A resource address, or `coder_stage_<stage>` for a whole stage. */
  resource: string;
  start: Date;
  end: Date;
  state: 'completed' | 'failed';
}

type Kind = 'start' | 'complete' | 'errored';

/** Message types that open or close a span, with the category that pairs them. */
const MESSAGE_KINDS: Record<string, { category: string; kind: Kind }> = {
  apply_start: { category: 'apply', kind: 'start' },
  apply_complete: { category: 'apply', kind: 'complete' },
  apply_errored: { category: 'apply', kind: 'errored' },
  provision_start: { category: 'provision', kind: 'start' },
  provision_complete: { category: 'provision', kind: 'complete' },
  provision_errored: { category: 'provision', kind: 'errored' },
  refresh_start: { category: 'state refresh', kind: 'start' },
  refresh_complete: { category: 'state refresh', kind: 'complete' },
};

interface HookResource {
  addr?: unknown;
  implied_provider?: unknown;
}

interface Hook {
  resource?: HookResource;
  action?: unknown;
}

/** Collects the timings of one job. */
export class TimingRecorder {
  private readonly started = new Map<string, Date>();
  private readonly finished: Timing[] = [];

  constructor(private readonly clock: Clock) {}

  /** Runs `fn` as a whole stage; a stage that throws is recorded as failed. */
  async stage<T>(stage: TimingStage, fn: () => Promise<T>): Promise<T> {
    return this.span({ stage, source: 'coder', action: 'terraform', resource: `coder_stage_${stage}` }, fn);
  }

  /** Runs `fn` as one span of its own. */
  async span<T>(what: Omit<Timing, 'start' | 'end' | 'state'>, fn: () => Promise<T>): Promise<T> {
    const start = this.clock.now();
    try {
      const result = await fn();
      this.finished.push({ ...what, start, end: this.clock.now(), state: 'completed' });
      return result;
    } catch (error) {
      this.finished.push({ ...what, start, end: this.clock.now(), state: 'failed' });
      throw error;
    }
  }

  /** Adds a span measured by the caller. */
  record(timing: Timing): void {
    this.finished.push(timing);
  }

  /** Reads one line of terraform's machine-readable stdout; lines that are not resource events are ignored. */
  ingestLine(stage: TimingStage, line: string): void {
    // Only hook messages matter: skip the JSON parse for every other line.
    if (!line.startsWith('{') || !line.includes('"hook"')) return;
    let message: { type?: unknown; hook?: Hook; '@timestamp'?: unknown };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return;
    }
    const type = MESSAGE_KINDS[String(message.type)];
    const addr = message.hook?.resource?.addr;
    if (!type || typeof addr !== 'string') return;
    const provider = String(message.hook?.resource?.implied_provider ?? '');
    const action = typeof message.hook?.action === 'string' && message.hook.action !== '' ? message.hook.action : type.category;
    const parsed = typeof message['@timestamp'] === 'string' ? new Date(message['@timestamp']) : undefined;
    const at = parsed && !Number.isNaN(parsed.getTime()) ? parsed : this.clock.now();
    // Refresh and provision messages carry no action; pair them by category.
    const key = `${stage}\u0000${type.category}\u0000${addr}\u0000${provider}\u0000${type.category === 'apply' ? action : ''}`;
    if (type.kind === 'start') {
      this.started.set(key, at);
      return;
    }
    const start = this.started.get(key);
    if (!start) return;
    this.started.delete(key);
    this.finished.push({
      stage,
      source: provider,
      action,
      resource: addr,
      start: start > at ? at : start,
      end: at,
      state: type.kind === 'errored' ? 'failed' : 'completed',
    });
  }

  /** Every finished span, earliest first. */
  timings(): Timing[] {
    return [...this.finished].sort((a, b) => a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime());
  }
}
