/**
 * The checks behind `GET /api/v2/debug/health`, one per section of Coder's report, with Coder's
 * message codes. Each takes an AbortSignal; the reporter also stops waiting when its deadline
 * passes, so a check that hangs costs its section, never the report.
 */
import {
  PROVISIONERD_API_VERSION,
  type AccessURLReport,
  type DatabaseReport,
  type DERPHealthReport,
  type HealthMessage,
  type HealthSeverity,
  type ProvisionerDaemonsReport,
  type ProvisionerDaemonsReportItem,
  type WebsocketReport,
  type WorkspaceProxyReport,
} from '@warren/sdk';
import WebSocket from 'ws';
import type { ServerContext } from '../context';
import { listOrganizations } from '../db/queries/organizations';
import { listProvisionerDaemons } from '../db/queries/provisioner-daemons';
import { toProvisionerDaemon } from '../provisioners/daemons';

/** Coder's default `--health-check-threshold-database`. */
export const DATABASE_THRESHOLD_MS = 15;
const DATABASE_PINGS = 5;
const WEBSOCKET_ECHOES = 3;

type Base = { severity: HealthSeverity; warnings: HealthMessage[]; dismissed: boolean; healthy: boolean; error?: string };

export function ok(): Base {
  return { severity: 'ok', warnings: [], dismissed: false, healthy: true };
}

/** A section that failed: `code: message` as Coder writes its errors. */
export function failed(code: string, message: string): Base {
  return { severity: 'error', warnings: [], dismissed: false, healthy: false, error: `${code}: ${message}` };
}

/** A duration as Go prints one (`812.5µs`, `1.204ms`, `2.5s`). */
export function goDuration(ms: number): string {
  const trim = (n: number) => String(Number(n.toFixed(6)));
  if (ms < 1) return `${trim(ms * 1000)}µs`;
  if (ms < 1000) return `${trim(ms)}ms`;
  return `${trim(ms / 1000)}s`;
}

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function checkDatabase(ctx: ServerContext, signal: AbortSignal): Promise<DatabaseReport> {
  const rounds: number[] = [];
  try {
    for (let i = 0; i < DATABASE_PINGS && !signal.aborted; i++) {
      const start = performance.now();
      await ctx.db.query('SELECT 1');
      rounds.push(performance.now() - start);
    }
  } catch (err) {
    return { ...failed('EDB01', `Database ping failed: ${reason(err)}`), reachable: false, latency: '', latency_ms: 0, threshold_ms: DATABASE_THRESHOLD_MS };
  }
  rounds.sort((a, b) => a - b);
  const median = rounds[Math.floor(rounds.length / 2)] ?? 0;
  const report: DatabaseReport = {
    ...ok(),
    reachable: true,
    latency: goDuration(median),
    latency_ms: Math.round(median),
    threshold_ms: DATABASE_THRESHOLD_MS,
  };
  if (median > DATABASE_THRESHOLD_MS) {
    report.severity = 'warning';
    report.warnings.push({ code: 'EDB02', message: `Median database ping ${goDuration(median)} is above the ${DATABASE_THRESHOLD_MS}ms threshold.` });
  }
  return report;
}

export async function checkAccessUrl(accessUrl: URL, signal: AbortSignal): Promise<AccessURLReport> {
  const base = { access_url: accessUrl.toString(), reachable: false, status_code: 0, healthz_response: '' };
  const url = new URL('healthz', accessUrl.toString().endsWith('/') ? accessUrl : `${accessUrl}/`);
  let res: Response;
  try {
    res = await fetch(url, { signal, redirect: 'manual' });
  } catch (err) {
    return { ...failed('EACS03', `Get "${url}": ${reason(err)}`), ...base };
  }
  const body = (await res.text().catch(() => '')).slice(0, 1024);
  const report: AccessURLReport = { ...ok(), ...base, reachable: true, status_code: res.status, healthz_response: body };
  if (res.status !== 200) return { ...report, ...failed('EACS04', `/healthz did not return 200 OK (got ${res.status}).`) };
  return report;
}

/** Opens `/api/v2/debug/ws` through the access URL and checks a few messages come back as sent. */
export function checkWebsocket(accessUrl: URL, token: string | undefined, signal: AbortSignal): Promise<WebsocketReport> {
  const url = new URL('api/v2/debug/ws', accessUrl.toString().endsWith('/') ? accessUrl : `${accessUrl}/`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return new Promise((resolve) => {
    let settled = false;
    const socket = new WebSocket(url, { headers: token ? { 'Coder-Session-Token': token } : {} });
    const finish = (report: WebsocketReport) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      resolve(report);
    };
    const onAbort = () => finish({ ...failed('EWS01', 'The WebSocket check did not finish in time.'), body: '', code: 0 });
    signal.addEventListener('abort', onAbort);
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => finish({ ...failed('EWS01', `WebSocket upgrade answered ${res.statusCode}.`), body: body.slice(0, 1024), code: res.statusCode ?? 0 }));
      res.on('error', () => finish({ ...failed('EWS01', `WebSocket upgrade answered ${res.statusCode}.`), body, code: res.statusCode ?? 0 }));
    });
    socket.on('error', (err) => finish({ ...failed('EWS01', `Dial ${url}: ${reason(err)}`), body: '', code: 0 }));
    let sent = 0;
    const next = () => socket.send(`ping ${++sent}`);
    socket.on('open', next);
    socket.on('message', (data) => {
      if (data.toString() !== `ping ${sent}`) return finish({ ...failed('EWS03', `Expected "ping ${sent}" back, got "${data.toString().slice(0, 64)}".`), body: '', code: 101 });
      if (sent < WEBSOCKET_ECHOES) return next();
      finish({ ...ok(), body: '', code: 101 });
    });
    socket.on('close', (code, why) => finish({ ...failed('EWS02', `The echo socket closed (${code} ${why.toString()}).`), body: '', code: 101 }));
  });
}

/** The major part of `1.4` or `v2.18.0+abc`. */
const major = (version: string) => version.replace(/^v/, '').split('.')[0] ?? '';
const release = (version: string) => version.replace(/^v/, '').split('+')[0] ?? '';

/** The daemons seen recently, each with the warnings Coder gives: version and API version differences. */
export async function checkProvisionerDaemons(ctx: ServerContext): Promise<ProvisionerDaemonsReport> {
  const now = ctx.clock();
  const items: ProvisionerDaemonsReportItem[] = [];
  for (const org of await listOrganizations(ctx.db)) {
    for (const row of await listProvisionerDaemons(ctx.db, org.id)) {
      const daemon = toProvisionerDaemon(row, now);
      if (daemon.status === 'offline') continue;
      const warnings: HealthMessage[] = [];
      if (release(daemon.version) !== release(ctx.version)) {
        warnings.push({ code: 'EPD02', message: `Provisioner daemon "${daemon.name}" runs version ${daemon.version}; the server runs ${ctx.version}.` });
      }
      if (major(daemon.api_version) !== major(PROVISIONERD_API_VERSION)) {
        warnings.push({ code: 'EPD03', message: `Provisioner daemon "${daemon.name}" speaks API ${daemon.api_version}; the server speaks ${PROVISIONERD_API_VERSION}.` });
      }
      items.push({ provisioner_daemon: daemon, warnings });
    }
  }
  if (items.length === 0) return { ...failed('EPD01', 'No active provisioner daemons found!'), items };
  const report: ProvisionerDaemonsReport = { ...ok(), items };
  if (items.some((i) => i.warnings.some((w) => w.code === 'EPD03'))) report.severity = 'error';
  else if (items.some((i) => i.warnings.length > 0)) report.severity = 'warning';
  report.healthy = report.severity !== 'error';
  return report;
}

/** Agents reach the server over WebSockets through the access URL; there is no DERP relay to probe. */
export function derpReport(): DERPHealthReport {
  return { ...ok(), regions: {}, netcheck_logs: [] };
}

/** No workspace proxies (a Premium feature in Coder): the section is present and empty. */
export function workspaceProxyReport(): WorkspaceProxyReport {
  return { ...ok(), workspace_proxies: { regions: [] } };
}
