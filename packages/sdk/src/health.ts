import { z } from 'zod';
import type { ProvisionerDaemon } from './provisioners';

/** Coder's health report (`GET /api/v2/debug/health`, codersdk/healthsdk). */
export type HealthSeverity = 'ok' | 'warning' | 'error';

/** The sections of the report an owner may dismiss, by Coder's names. */
export const HEALTH_SECTIONS = ['DERP', 'AccessURL', 'Websocket', 'Database', 'WorkspaceProxy', 'ProvisionerDaemons'] as const;
export type HealthSection = (typeof HEALTH_SECTIONS)[number];

/** A stable code (Coder's: EDB01, EACS03...) and a sentence. */
export interface HealthMessage {
  code: string;
  message: string;
}

/** Fields every section carries. */
export interface BaseHealthReport {
  error?: string;
  severity: HealthSeverity;
  warnings: HealthMessage[];
  /** An owner dismissed this section: shown, but not counted in the report's severity. */
  dismissed: boolean;
  /** Deprecated in Coder in favour of `severity`; `severity !== 'error'`. */
  healthy: boolean;
}

export interface DatabaseReport extends BaseHealthReport {
  reachable: boolean;
  /** The median of a few round trips, as Go prints a duration (`1.234ms`). */
  latency: string;
  latency_ms: number;
  threshold_ms: number;
}

export interface AccessURLReport extends BaseHealthReport {
  access_url: string;
  reachable: boolean;
  status_code: number;
  healthz_response: string;
}

export interface WebsocketReport extends BaseHealthReport {
  body: string;
  code: number;
}

export interface DERPHealthReport extends BaseHealthReport {
  regions: Record<string, unknown>;
  netcheck_logs: string[];
}

export interface WorkspaceProxyReport extends BaseHealthReport {
  workspace_proxies: { regions: unknown[] };
}

export interface ProvisionerDaemonsReportItem {
  provisioner_daemon: ProvisionerDaemon;
  warnings: HealthMessage[];
}

export interface ProvisionerDaemonsReport extends BaseHealthReport {
  items: ProvisionerDaemonsReportItem[];
}

export interface HealthcheckReport {
  time: string;
  /** Deprecated in Coder in favour of `severity`. */
  healthy: boolean;
  severity: HealthSeverity;
  derp: DERPHealthReport;
  access_url: AccessURLReport;
  websocket: WebsocketReport;
  database: DatabaseReport;
  workspace_proxy: WorkspaceProxyReport;
  provisioner_daemons: ProvisionerDaemonsReport;
  coder_version: string;
}

/** Which report key holds each section. */
export const HEALTH_SECTION_KEYS: Record<HealthSection, keyof Omit<HealthcheckReport, 'time' | 'healthy' | 'severity' | 'coder_version'>> = {
  DERP: 'derp',
  AccessURL: 'access_url',
  Websocket: 'websocket',
  Database: 'database',
  WorkspaceProxy: 'workspace_proxy',
  ProvisionerDaemons: 'provisioner_daemons',
};

export const healthSettingsSchema = z.object({
  dismissed_healthchecks: z.array(z.enum(HEALTH_SECTIONS)).max(HEALTH_SECTIONS.length),
});
export type HealthSettings = z.infer<typeof healthSettingsSchema>;

const severity = z.enum(['ok', 'warning', 'error']);
const message = z.object({ code: z.string(), message: z.string() });
const base = { severity, warnings: z.array(message), dismissed: z.boolean(), error: z.string().optional() };

/** What a client (the dashboard, `warren support bundle`) checks before it reads a report. */
export const healthcheckReportSchema = z.looseObject({
  time: z.string(),
  healthy: z.boolean(),
  severity,
  coder_version: z.string(),
  derp: z.looseObject(base),
  access_url: z.looseObject({ ...base, access_url: z.string(), reachable: z.boolean(), status_code: z.number(), healthz_response: z.string() }),
  websocket: z.looseObject({ ...base, body: z.string(), code: z.number() }),
  database: z.looseObject({ ...base, reachable: z.boolean(), latency: z.string(), latency_ms: z.number(), threshold_ms: z.number() }),
  workspace_proxy: z.looseObject({ ...base, workspace_proxies: z.looseObject({ regions: z.array(z.unknown()) }) }),
  provisioner_daemons: z.looseObject({
    ...base,
    items: z.array(z.looseObject({ provisioner_daemon: z.looseObject({ id: z.string(), name: z.string(), version: z.string() }), warnings: z.array(message) })),
  }),
});

const SEVERITY_RANK: Record<HealthSeverity, number> = { ok: 0, warning: 1, error: 2 };

/** The worse of two severities. */
export function worseSeverity(a: HealthSeverity, b: HealthSeverity): HealthSeverity {
  return SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a;
}
