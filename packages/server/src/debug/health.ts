/**
 * Builds Coder's health report from the checks in health-checks.ts. A report is kept for
 * REPORT_TTL_MS and shared by concurrent callers; `force` runs the checks again. Each check has
 * CHECK_DEADLINE_MS: one that hangs is reported as an error in its own section, so the report
 * always answers within that bound. Dismissed sections (stored in site_configs) are marked when
 * the report is answered, so dismissing takes effect at once, and do not count towards its severity.
 */
import {
  HEALTH_SECTION_KEYS,
  HEALTH_SECTIONS,
  healthSettingsSchema,
  worseSeverity,
  type HealthcheckReport,
  type HealthSettings,
  type HealthSeverity,
} from '@warren/sdk';
import type { ServerContext } from '../context';
import { getSiteConfig, setSiteConfig } from '../db/queries/site-configs';
import {
  checkAccessUrl,
  checkDatabase,
  checkProvisionerDaemons,
  checkWebsocket,
  derpReport,
  failed,
  workspaceProxyReport,
} from './health-checks';

/** How long a report is answered from memory before the checks run again. */
export const REPORT_TTL_MS = 10_000;
/** The longest any one check may take. */
export const CHECK_DEADLINE_MS = 5_000;
const SETTINGS_KEY = 'health_settings';

type Sections = Omit<HealthcheckReport, 'time' | 'healthy' | 'severity' | 'coder_version'>;

/** Runs `check` with an abort signal; past the deadline its section is `onTimeout()` whatever the check still does. */
async function withDeadline<T>(ms: number, check: (signal: AbortSignal) => Promise<T>, onError: (message: string) => T): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(onError(`The check did not finish within ${ms / 1000} s.`));
    }, ms);
  });
  try {
    return await Promise.race([check(controller.signal).catch((err: unknown) => onError(err instanceof Error ? err.message : String(err))), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export class HealthReporter {
  private cached: { at: number; sections: Sections; time: string } | undefined;
  private running: Promise<{ at: number; sections: Sections; time: string }> | undefined;

  constructor(
    private readonly ctx: ServerContext,
    private readonly deadlineMs = CHECK_DEADLINE_MS,
  ) {}

  /** The report with the current dismissals; `token` is the caller's, for the WebSocket echo. */
  async report(options: { force?: boolean; token?: string } = {}): Promise<HealthcheckReport> {
    const fresh = this.cached && Date.now() - this.cached.at < REPORT_TTL_MS;
    const run = !options.force && fresh ? this.cached! : await this.run(options.token);
    return this.present(run.sections, run.time, (await this.settings()).dismissed_healthchecks);
  }

  private run(token: string | undefined) {
    this.running ??= this.check(token)
      .then((result) => (this.cached = result))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async check(token: string | undefined): Promise<{ at: number; sections: Sections; time: string }> {
    const ms = this.deadlineMs;
    const accessUrl = this.ctx.accessUrl;
    const [database, access_url, websocket, provisioner_daemons] = await Promise.all([
      withDeadline(ms, (s) => checkDatabase(this.ctx, s), (m) => ({ ...failed('EDB01', m), reachable: false, latency: '', latency_ms: 0, threshold_ms: 0 })),
      withDeadline(ms, (s) => checkAccessUrl(accessUrl, s), (m) => ({ ...failed('EACS03', m), access_url: accessUrl.toString(), reachable: false, status_code: 0, healthz_response: '' })),
      withDeadline(ms, (s) => checkWebsocket(accessUrl, token, s), (m) => ({ ...failed('EWS01', m), body: '', code: 0 })),
      withDeadline(ms, () => checkProvisionerDaemons(this.ctx), (m) => ({ ...failed('EUNKNOWN', m), items: [] })),
    ]);
    const sections: Sections = { derp: derpReport(), access_url, websocket, database, workspace_proxy: workspaceProxyReport(), provisioner_daemons };
    return { at: Date.now(), sections, time: this.ctx.clock().toISOString() };
  }

  private present(sections: Sections, time: string, dismissed: string[]): HealthcheckReport {
    let severity: HealthSeverity = 'ok';
    const out = {} as Record<keyof Sections, Sections[keyof Sections]>;
    for (const section of HEALTH_SECTIONS) {
      const key = HEALTH_SECTION_KEYS[section];
      const isDismissed = dismissed.includes(section);
      out[key] = { ...sections[key], dismissed: isDismissed };
      if (!isDismissed) severity = worseSeverity(severity, sections[key].severity);
    }
    return { time, healthy: severity !== 'error', severity, ...(out as Sections), coder_version: this.ctx.version };
  }

  async settings(): Promise<HealthSettings> {
    const raw = await getSiteConfig(this.ctx.db, SETTINGS_KEY);
    const parsed = raw ? healthSettingsSchema.safeParse(JSON.parse(raw)) : undefined;
    return parsed?.success ? parsed.data : { dismissed_healthchecks: [] };
  }

  /** Stores the settings; false when they were already in effect (Coder then answers 204). */
  async updateSettings(next: HealthSettings): Promise<boolean> {
    const wanted = [...new Set(next.dismissed_healthchecks)].sort();
    const current = [...(await this.settings()).dismissed_healthchecks].sort();
    if (wanted.join() === current.join()) return false;
    await setSiteConfig(this.ctx.db, SETTINGS_KEY, JSON.stringify({ dismissed_healthchecks: wanted }));
    return true;
  }
}
