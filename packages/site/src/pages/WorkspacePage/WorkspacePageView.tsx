import type { WorkspaceBuildTimings } from '@warren/sdk/build-timings';
import type { ProvisionerJobLog } from '@warren/sdk/jobs';
import type { TemplateVersionParameter } from '@warren/sdk/templates';
import type { Workspace, WorkspaceAgent, WorkspaceBuild } from '@warren/sdk/workspaces';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { LogViewer } from '../../components/LogViewer';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/States';
import { TemplateIcon } from '../../components/TemplateIcon';
import { isTransitional, WorkspaceStatusBadge } from '../../components/WorkspaceStatusBadge';
import { BuildHistory } from './BuildHistory';
import { BuildTimeline } from './BuildTimeline';
import { ParametersDialog } from './ParametersDialog';
import { RenameDialog } from './RenameDialog';

export type WorkspaceAction =
  | { kind: 'start' | 'update'; parameters?: Array<{ name: string; value: string }> }
  | { kind: 'stop' | 'restart' | 'delete' | 'cancel' | 'retry' }
  | { kind: 'rename'; name: string };

export interface WorkspacePageViewProps {
  workspace: Workspace;
  builds?: WorkspaceBuild[];
  buildLogs: ProvisionerJobLog[];
  onAction: (action: WorkspaceAction) => void;
  busy: boolean;
  actionError?: unknown;
  /** Parameters of the version a start or update builds, and the latest build's values. */
  parameters?: TemplateVersionParameter[];
  currentValues: Record<string, string>;
  renderAgent: (agent: WorkspaceAgent) => ReactNode;
  /** The latest build's stage timings (`/workspacebuilds/{id}/timings`). */
  timings?: WorkspaceBuildTimings;
  timingsError?: unknown;
  /** The viewer may open the organization's provisioner pages (owners). */
  canViewProvisioners?: boolean;
  /** When the workspace starts and stops by itself (ScheduleSection). */
  schedule?: ReactNode;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="flex flex-col gap-3">
      <h2 className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/** A workspace: its status and actions, the latest build's progress and logs, its agents and its builds. */
export function WorkspacePageView(p: WorkspacePageViewProps) {
  const w = p.workspace;
  const build = w.latest_build;
  const status = build.status;
  const [dialog, setDialog] = useState<'delete' | 'update' | 'start' | 'rename' | undefined>();
  const agents = build.resources.flatMap((r) => r.agents ?? []);
  const busy = p.busy || isTransitional(status);
  const close = (o: boolean) => !o && setDialog(undefined);
  return (
    <>
      <PageHeader
        title={w.name}
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            <WorkspaceStatusBadge status={status} />
            <span>owned by {w.owner_name}</span>·
            <TemplateIcon name={w.template_name} icon={w.template_icon} size="size-4" />
            <Link to={`/templates/${w.template_name}`} className="hover:underline">
              {w.template_display_name || w.template_name}
            </Link>
            <span>version {build.template_version_name}</span>
            {w.outdated && <span className="rounded border border-warning/50 px-1.5 text-xs text-warning">Outdated</span>}
          </span>
        }
        actions={
          <div className="flex flex-wrap gap-2" role="toolbar" aria-label="Workspace actions">
            {(status === 'stopped' || status === 'canceled') && (
              <>
                <Button variant="primary" disabled={busy} onClick={() => p.onAction({ kind: 'start' })}>Start</Button>
                {(p.parameters?.length ?? 0) > 0 && <Button disabled={busy} onClick={() => setDialog('start')}>Start with parameters…</Button>}
              </>
            )}
            {status === 'running' && (
              <>
                <Button disabled={busy} onClick={() => p.onAction({ kind: 'stop' })}>Stop</Button>
                <Button disabled={busy} onClick={() => p.onAction({ kind: 'restart' })}>Restart</Button>
              </>
            )}
            {w.outdated && !isTransitional(status) && <Button disabled={busy} onClick={() => setDialog('update')}>Update</Button>}
            {(status === 'pending' || status === 'starting' || status === 'stopping') && w.template_allow_user_cancel_workspace_jobs && (
              <Button onClick={() => p.onAction({ kind: 'cancel' })}>Cancel build</Button>
            )}
            {w.allow_renames && status !== 'deleting' && status !== 'deleted' && <Button disabled={p.busy} onClick={() => setDialog('rename')}>Rename…</Button>}
            {status !== 'deleting' && status !== 'deleted' && (
              <Button variant="danger" disabled={busy && status !== 'failed'} onClick={() => setDialog('delete')}>Delete…</Button>
            )}
          </div>
        }
      />
      <div className="flex flex-col gap-8">
        {p.actionError !== undefined && p.actionError !== null && <ErrorAlert title="The action failed." error={p.actionError} />}
        {status === 'failed' && (
          <div role="alert" className="rounded-md border border-danger/50 bg-danger/10 p-4 text-sm">
            <p className="font-semibold text-danger">The {build.transition} build failed.</p>
            <p className="mt-1 whitespace-pre-wrap">{build.job.error || 'No error was reported.'}</p>
            <Button className="mt-3" variant="primary" disabled={p.busy} onClick={() => p.onAction({ kind: 'retry' })}>Retry</Button>
          </div>
        )}
        <Section title={`Build #${build.build_number}: ${build.transition}`}>
          <BuildProgress build={build} jobsPage={p.canViewProvisioners ? `/organizations/${encodeURIComponent(w.organization_name)}/provisioner-jobs` : undefined} />
          <LogViewer lines={p.buildLogs} label="Build logs" emptyText={build.job.status === 'pending' ? 'Waiting for a provisioner…' : 'No logs yet.'} />
        </Section>
        <Section title="Build timeline">
          {p.timingsError !== undefined && p.timingsError !== null ? (
            <ErrorAlert title="The build timeline could not be loaded." error={p.timingsError} />
          ) : (
            <BuildTimeline timings={p.timings} pending={!build.job.completed_at} />
          )}
        </Section>
        {p.schedule && status !== 'deleted' && <Section title="Schedule">{p.schedule}</Section>}
        {agents.length > 0 && (
          <Section title="Agents">
            {agents.map((a) => (
              <div key={a.id}>{p.renderAgent(a)}</div>
            ))}
          </Section>
        )}
        <Section title="Resources">
          {build.resources.length === 0 ? (
            <p className="text-sm text-content-muted">This build created no resources.</p>
          ) : (
            <ul className="flex flex-col gap-1 font-mono text-sm">
              {build.resources.filter((r) => !r.hide).map((r) => (
                <li key={r.id}>
                  {r.type}.{r.name}
                  {(r.metadata ?? []).map((m) => (
                    <span key={m.key} className="ml-3 text-xs text-content-muted">{m.key}: {m.sensitive ? '••••' : m.value}</span>
                  ))}
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="Build history">
          <BuildHistory builds={p.builds} />
        </Section>
      </div>
      <ConfirmDialog
        open={dialog === 'delete'}
        onOpenChange={close}
        title={`Delete ${w.name}?`}
        description="Its resources are destroyed by a delete build. This cannot be undone."
        confirmLabel="Delete workspace"
        typeToConfirm={w.name}
        danger
        onConfirm={() => p.onAction({ kind: 'delete' })}
      />
      <RenameDialog open={dialog === 'rename'} onOpenChange={close} current={w.name} onRename={(name) => p.onAction({ kind: 'rename', name })} />
      {p.parameters && (
        <ParametersDialog
          open={dialog === 'update' || dialog === 'start'}
          onOpenChange={close}
          title={dialog === 'update' ? 'Update to the active version' : 'Start with parameters'}
          confirmLabel={dialog === 'update' ? 'Update' : 'Start'}
          parameters={p.parameters}
          current={p.currentValues}
          onConfirm={(parameters) => p.onAction({ kind: dialog === 'update' ? 'update' : 'start', parameters })}
        />
      )}
    </>
  );
}

function BuildProgress({ build, jobsPage }: { build: WorkspaceBuild; /** where an owner sees why the job waits */ jobsPage?: string }) {
  const job = build.job;
  if (job.status === 'pending') {
    const unmatched = build.matched_provisioners && build.matched_provisioners.available === 0;
    return (
      <p className="text-sm" role="status">
        Queued{job.queue_size > 0 ? `: position ${job.queue_position} of ${job.queue_size}` : ''}.
        {unmatched && ' No connected provisioner matches this job’s tags.'}
        {unmatched && jobsPage && (
          <>
            {' '}
            <Link to={jobsPage} className="text-accent underline">
              See which tags
            </Link>
          </>
        )}
      </p>
    );
  }
  if (job.status === 'running') return <p className="text-sm" role="status">Running since {new Date(job.started_at!).toLocaleTimeString()}.</p>;
  return (
    <p className="text-sm text-content-muted">
      {job.status === 'succeeded' ? 'Succeeded' : job.status}
      {job.completed_at && ` at ${new Date(job.completed_at).toLocaleString()}`}.
    </p>
  );
}
