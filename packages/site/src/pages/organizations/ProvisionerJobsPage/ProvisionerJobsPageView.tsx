import type { ProvisionerJob, ProvisionerJobStatus, ProvisionerJobType } from '@warren/sdk/jobs';
import type { ProvisionerDaemon } from '@warren/sdk/provisioners';
import { useId } from 'react';
import { Link } from 'react-router';
import { inputClass } from '../../../components/forms/TextField';
import { PageHeader } from '../../../components/PageHeader';
import { EmptyState, ErrorAlert, Loader } from '../../../components/States';
import { relativeTime } from '../../../time';
import { ProvisionerTags } from '../ProvisionerTags';
import { pendingReason, pendingSentence } from './pending-reason';
import { Table } from '../../../components/Table';

export type JobFilter = 'active' | 'all';
export const JOB_FILTERS: Record<JobFilter, { label: string; status: string }> = {
  active: { label: 'Queued and running', status: 'pending,running' },
  all: { label: 'All recent jobs', status: '' },
};

export interface ProvisionerJobsPageViewProps {
  organization: string;
  filter: JobFilter;
  onFilterChange: (f: JobFilter) => void;
  jobs?: ProvisionerJob[];
  daemons?: ProvisionerDaemon[];
  error?: unknown;
  onRetry?: () => void;
}

const TYPE: Record<ProvisionerJobType, string> = {
  template_version_import: 'Template import',
  workspace_build: 'Workspace build',
  template_version_dry_run: 'Dry run',
};

const STATUS: Record<ProvisionerJobStatus, { label: string; tone: string }> = {
  pending: { label: 'Pending', tone: 'text-warning border-warning/50' },
  running: { label: 'Running', tone: 'text-accent border-accent/50' },
  succeeded: { label: 'Succeeded', tone: 'text-success border-success/50' },
  canceling: { label: 'Canceling', tone: 'text-warning border-warning/50' },
  canceled: { label: 'Canceled', tone: 'text-content-muted border-border' },
  failed: { label: 'Failed', tone: 'text-danger border-danger/50' },
  unknown: { label: 'Unknown', tone: 'text-content-muted border-border' },
};

export function ProvisionerJobsPageView(p: ProvisionerJobsPageViewProps) {
  const filterId = useId();
  const base = `/organizations/${encodeURIComponent(p.organization)}`;
  return (
    <>
      <PageHeader title="Provisioner jobs" subtitle="Template imports and workspace builds waiting for, or running on, a provisioner." />
      <div className="mb-4 flex items-center gap-2">
        <label htmlFor={filterId} className="text-sm font-medium">
          Show
        </label>
        <select id={filterId} className={inputClass.replace('w-full', 'w-auto')} value={p.filter} onChange={(e) => p.onFilterChange(e.target.value as JobFilter)}>
          {Object.entries(JOB_FILTERS).map(([value, f]) => (
            <option key={value} value={value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      {p.error !== undefined && p.error !== null ? (
        <ErrorAlert title="The provisioner jobs could not be loaded." error={p.error} onRetry={p.onRetry} />
      ) : !p.jobs || !p.daemons ? (
        <Loader label="Loading provisioner jobs…" />
      ) : p.jobs.length === 0 ? (
        <EmptyState
          title={p.filter === 'active' ? 'No jobs are queued or running' : 'No jobs yet'}
          description={p.filter === 'active' ? 'Every template import and workspace build has finished.' : 'Jobs appear here when templates are pushed or workspaces built.'}
        />
      ) : (
        <JobsTable jobs={p.jobs} daemons={p.daemons} base={base} />
      )}
    </>
  );
}

function JobsTable({ jobs, daemons, base }: { jobs: ProvisionerJob[]; daemons: ProvisionerDaemon[]; base: string }) {
  const daemonName = new Map(daemons.map((d) => [d.id, d.name]));
  return (
    <Table caption="Provisioner jobs" columns={['Job', 'Created', 'Tags', 'Status', 'Provisioner']}>
      {jobs.map((j) => {
        const reason = pendingReason(j, daemons);
        const unmatched = reason?.kind === 'unmatched-tags' ? new Set(reason.tags) : undefined;
        const status = STATUS[j.status] ?? STATUS.unknown;
        const reasonId = `job-${j.id}-reason`;
        return (
          <tbody key={j.id} className="border-t border-border" data-job={j.id} data-job-status={j.status}>
            <tr className="align-top">
              <td className="px-4 py-2">
                <span className="font-medium">{TYPE[j.type] ?? j.type}</span>
                <span className="block text-xs text-content-muted">
                  {j.metadata.workspace_name ? `${j.metadata.workspace_name} · ` : ''}
                  {j.metadata.template_display_name || j.metadata.template_name}
                  {j.metadata.template_version_name ? ` ${j.metadata.template_version_name}` : ''}
                </span>
                <span className="block font-mono text-xs text-content-muted">{j.id.slice(0, 8)}</span>
              </td>
              <td className="px-4 py-2 text-content-muted">
                <time dateTime={j.created_at} title={new Date(j.created_at).toLocaleString()}>{relativeTime(j.created_at)}</time>
              </td>
              <td className="px-4 py-2">
                <ProvisionerTags tags={j.tags} highlight={unmatched} />
              </td>
              <td className="px-4 py-2" aria-describedby={reason ? reasonId : undefined}>
                <span className={`inline-flex rounded-full border px-2 py-0.5 text-xs font-medium ${status.tone}`} data-status={j.status}>
                  {status.label}
                </span>
                {j.status === 'pending' && j.queue_size > 0 && (
                  <span className="block text-xs text-content-muted">
                    Position {j.queue_position} of {j.queue_size}
                  </span>
                )}
              </td>
              <td className="px-4 py-2 text-content-muted">{j.worker_id ? (j.worker_name ?? daemonName.get(j.worker_id) ?? j.worker_id.slice(0, 8)) : '—'}</td>
            </tr>
            {reason && (
              <tr>
                <td colSpan={5} className="px-4 pb-3">
                  <p id={reasonId} className={`rounded-md border px-3 py-2 text-sm ${reason.kind === 'queued' ? 'border-border' : 'border-warning/50 bg-warning/10'}`} data-testid="pending-reason">
                    <span className="font-medium">Why pending: </span>
                    {pendingSentence(reason, (iso) => relativeTime(iso))}
                    {reason.kind !== 'queued' && (
                      <>
                        {' '}
                        <Link to={`${base}/provisioners`} className="text-accent underline">
                          See the provisioners
                        </Link>
                      </>
                    )}
                  </p>
                </td>
              </tr>
            )}
          </tbody>
        );
      })}
    </Table>
  );
}
