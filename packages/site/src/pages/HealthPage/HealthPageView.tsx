import { HEALTH_SECTION_KEYS, type HealthcheckReport, type HealthMessage, type HealthSection, type HealthSeverity } from '@warren/sdk/health';
import type { ReactNode } from 'react';
import { Button } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, Loader } from '../../components/States';
import { relativeTime } from '../../time';

export interface HealthPageViewProps {
  report?: HealthcheckReport;
  error?: unknown;
  onRetry?: () => void;
  refreshing: boolean;
  onRefresh: () => void;
  /** The section whose dismissal is being saved. */
  dismissing?: HealthSection;
  onDismissChange: (section: HealthSection, dismissed: boolean) => void;
  actionError?: unknown;
}

/** Coder's order and titles of the sections. */
const SECTIONS: Array<{ section: HealthSection; title: string }> = [
  { section: 'AccessURL', title: 'Access URL' },
  { section: 'Database', title: 'Database' },
  { section: 'Websocket', title: 'WebSocket' },
  { section: 'DERP', title: 'DERP' },
  { section: 'WorkspaceProxy', title: 'Workspace Proxy' },
  { section: 'ProvisionerDaemons', title: 'Provisioner Daemons' },
];

const SEVERITY_TEXT: Record<HealthSeverity, string> = { ok: 'Healthy', warning: 'Warning', error: 'Unhealthy' };
const SEVERITY_CLASS: Record<HealthSeverity, string> = {
  ok: 'border-success/50 bg-success/10 text-success',
  warning: 'border-warning/50 bg-warning/10 text-warning',
  error: 'border-danger/50 bg-danger/10 text-danger',
};

function SeverityBadge({ severity, dismissed = false }: { severity: HealthSeverity; dismissed?: boolean }) {
  return (
    <span className={`rounded-full border px-2 py-0.5 text-xs font-medium ${dismissed ? 'border-border text-muted' : SEVERITY_CLASS[severity]}`}>
      {dismissed ? `Dismissed (${SEVERITY_TEXT[severity]})` : SEVERITY_TEXT[severity]}
    </span>
  );
}

function Messages({ error, warnings }: { error?: string; warnings: HealthMessage[] }) {
  if (!error && warnings.length === 0) return null;
  return (
    <ul className="mt-2 space-y-1 text-sm">
      {error && <li className="text-danger">{error}</li>}
      {warnings.map((w) => (
        <li key={`${w.code}${w.message}`} className="text-warning">
          {w.code}: {w.message}
        </li>
      ))}
    </ul>
  );
}

function Facts({ items }: { items: Array<[string, ReactNode]> }) {
  return (
    <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
      {items.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-muted">{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function details(section: HealthSection, r: HealthcheckReport): ReactNode {
  switch (section) {
    case 'AccessURL':
      return <Facts items={[['Access URL', r.access_url.access_url], ['Reachable', r.access_url.reachable ? 'Yes' : 'No'], ['Status code', r.access_url.status_code || '—'], ['/healthz answered', r.access_url.healthz_response || '—']]} />;
    case 'Database':
      return <Facts items={[['Reachable', r.database.reachable ? 'Yes' : 'No'], ['Latency', r.database.latency || '—'], ['Threshold', `${r.database.threshold_ms}ms`]]} />;
    case 'Websocket':
      return <Facts items={[['Status code', r.websocket.code || '—'], ...(r.websocket.body ? ([['Body', r.websocket.body]] as Array<[string, ReactNode]>) : [])]} />;
    case 'DERP':
      return <p className="mt-2 text-sm text-muted">No DERP relays: workspace connections are relayed by the server over WebSockets.</p>;
    case 'WorkspaceProxy':
      return <p className="mt-2 text-sm text-muted">{r.workspace_proxy.workspace_proxies.regions.length} workspace proxies.</p>;
    case 'ProvisionerDaemons':
      return r.provisioner_daemons.items.length === 0 ? null : (
        <ul className="mt-3 divide-y divide-border rounded-md border border-border text-sm">
          {r.provisioner_daemons.items.map(({ provisioner_daemon: d, warnings }) => (
            <li key={d.id} className="p-3">
              <p className="font-medium">{d.name}</p>
              <p className="text-muted">
                Version {d.version} · API {d.api_version} · last seen {d.last_seen_at ? relativeTime(d.last_seen_at) : 'never'}
              </p>
              <Messages warnings={warnings} />
            </li>
          ))}
        </ul>
      );
  }
}

export function HealthPageView(p: HealthPageViewProps) {
  const r = p.report;
  return (
    <>
      <PageHeader
        title="Health"
        subtitle={r ? <>Checked {relativeTime(r.time)} on {r.coder_version}.</> : 'How the deployment is doing.'}
        actions={
          <Button onClick={p.onRefresh} busy={p.refreshing} disabled={!r}>
            Refresh
          </Button>
        }
      />
      {p.actionError !== undefined && p.actionError !== null && (
        <div className="mb-4">
          <ErrorAlert title="The health settings could not be changed." error={p.actionError} />
        </div>
      )}
      {p.error !== undefined && p.error !== null ? (
        <ErrorAlert title="The health report could not be loaded." error={p.error} onRetry={p.onRetry} />
      ) : !r ? (
        <Loader label="Running health checks…" />
      ) : (
        <div className="space-y-4">
          <p className="flex items-center gap-2 text-sm">
            Overall: <SeverityBadge severity={r.severity} />
          </p>
          {SECTIONS.map(({ section, title }) => {
            const s = r[HEALTH_SECTION_KEYS[section]];
            const id = `health-${section}`;
            return (
              <section key={section} aria-labelledby={id} className="rounded-lg border border-border p-4">
                <div className="flex items-center justify-between gap-4">
                  <h2 id={id} className="flex items-center gap-2 font-semibold">
                    {title} <SeverityBadge severity={s.severity} dismissed={s.dismissed} />
                  </h2>
                  <label className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      checked={s.dismissed}
                      disabled={p.dismissing === section}
                      onChange={(e) => p.onDismissChange(section, e.target.checked)}
                    />
                    Dismiss {title}
                  </label>
                </div>
                <Messages error={s.error} warnings={s.warnings} />
                {details(section, r)}
              </section>
            );
          })}
        </div>
      )}
    </>
  );
}
