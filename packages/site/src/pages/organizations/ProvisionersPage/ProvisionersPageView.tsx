import type { ProvisionerDaemon, ProvisionerDaemonStatus } from '@warren/sdk/provisioners';
import { Link } from 'react-router';
import { buttonClass } from '../../../components/Button';
import { PageHeader } from '../../../components/PageHeader';
import { EmptyState, ErrorAlert, Loader } from '../../../components/States';
import { relativeTime } from '../../../time';
import { ProvisionerTags } from '../ProvisionerTags';
import { Table } from '../../../components/Table';

export interface ProvisionersPageViewProps {
  organization: string;
  daemons?: ProvisionerDaemon[];
  error?: unknown;
  onRetry?: () => void;
}

const STATUS: Record<ProvisionerDaemonStatus, { label: string; tone: string }> = {
  idle: { label: 'Idle', tone: 'text-success border-success/50' },
  busy: { label: 'Busy', tone: 'text-accent border-accent/50' },
  offline: { label: 'Offline', tone: 'text-content-muted border-border' },
};

export function DaemonStatusBadge({ status }: { status: ProvisionerDaemonStatus | null }) {
  const s = (status && STATUS[status]) || { label: 'Unknown', tone: 'text-content-muted border-border' };
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs font-medium ${s.tone}`} data-status={status ?? 'unknown'}>
      <span className="size-1.5 rounded-full bg-current" aria-hidden="true" />
      {s.label}
    </span>
  );
}

/** The daemons that have connected to the organization: what they are, their tags and what they do now. */
export function ProvisionersPageView({ organization, daemons, error, onRetry }: ProvisionersPageViewProps) {
  const base = `/organizations/${encodeURIComponent(organization)}`;
  return (
    <>
      <PageHeader
        title="Provisioners"
        subtitle="Daemons that run this organization’s template imports and workspace builds. A job runs on a daemon whose tags include all of the job’s tags."
        actions={
          <Link to={`${base}/provisioner-jobs`} className={buttonClass()}>
            View jobs
          </Link>
        }
      />
      {error !== undefined && error !== null ? (
        <ErrorAlert title="The provisioners could not be loaded." error={error} onRetry={onRetry} />
      ) : !daemons ? (
        <Loader label="Loading provisioners…" />
      ) : daemons.length === 0 ? (
        <EmptyState
          title="No provisioners have connected"
          description={
            <>
              Create a provisioner key, then run <code className="font-mono">warren provisioner start</code> with{' '}
              <code className="font-mono">CODER_PROVISIONER_DAEMON_KEY</code> set to it.
            </>
          }
          action={
            <Link to={`${base}/provisioner-keys`} className={buttonClass('primary')}>
              Create a provisioner key
            </Link>
          }
        />
      ) : (
        <Table caption="Provisioner daemons" columns={['Name', 'Key', 'Tags', 'Version', 'Status', 'Last seen', 'Current job']}>
          <tbody>
            {daemons.map((d) => (
              <tr key={d.id} className="border-t border-border align-top" data-daemon={d.name}>
                <td className="px-4 py-2 font-medium">{d.name}</td>
                <td className="px-4 py-2 font-mono text-xs">{d.key_name ?? '—'}</td>
                <td className="px-4 py-2">
                  <ProvisionerTags tags={d.tags} />
                </td>
                <td className="px-4 py-2 text-content-muted">{d.version || '—'}</td>
                <td className="px-4 py-2">
                  <DaemonStatusBadge status={d.status} />
                </td>
                <td className="px-4 py-2 text-content-muted">
                  {d.last_seen_at ? <time dateTime={d.last_seen_at} title={new Date(d.last_seen_at).toLocaleString()}>{relativeTime(d.last_seen_at)}</time> : 'never'}
                </td>
                <td className="px-4 py-2">
                  {d.current_job ? (
                    <span>
                      <span className="font-mono text-xs">{d.current_job.id.slice(0, 8)}</span>
                      {d.current_job.template_name && <span className="block text-xs text-content-muted">{d.current_job.template_display_name || d.current_job.template_name}</span>}
                    </span>
                  ) : (
                    <span className="text-content-muted">
                      none{d.previous_job ? ` (last: ${d.previous_job.status})` : ''}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
