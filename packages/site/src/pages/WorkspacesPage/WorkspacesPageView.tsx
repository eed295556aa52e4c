import type { Workspace, WorkspacesResponse } from '@warren/sdk/workspaces';
import { Link } from 'react-router';
import { Button, buttonClass } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorAlert, Loader } from '../../components/States';
import { TemplateIcon } from '../../components/TemplateIcon';
import { WorkspaceStatusBadge } from '../../components/WorkspaceStatusBadge';
import { relativeTime } from '../../time';
import { Pagination } from './Pagination';
import { SearchBox } from './SearchBox';
import { Table } from '../../components/Table';

export interface WorkspacesPageViewProps {
  query: string;
  onQueryChange: (q: string) => void;
  data?: WorkspacesResponse;
  error?: unknown;
  page: number;
  pageSize: number;
  onPageChange: (page: number) => void;
  onStart: (w: Workspace) => void;
  onStop: (w: Workspace) => void;
  /** Workspaces whose start or stop was just asked for. */
  busyIds: ReadonlySet<string>;
  onRetry?: () => void;
  /** A start or stop that failed. */
  actionError?: unknown;
}

export function WorkspacesPageView(props: WorkspacesPageViewProps) {
  const { query, onQueryChange, data, error, page, pageSize, onPageChange } = props;
  return (
    <>
      <PageHeader
        title="Workspaces"
        actions={
          <Link to="/templates" className={buttonClass('primary')}>
            New workspace
          </Link>
        }
      />
      <SearchBox query={query} onChange={onQueryChange} />
      {props.actionError !== undefined && props.actionError !== null && (
        <div className="mb-4">
          <ErrorAlert title="The workspace could not be changed." error={props.actionError} />
        </div>
      )}
      {error !== undefined && error !== null ? (
        <ErrorAlert title="The workspaces could not be loaded." error={error} onRetry={props.onRetry} />
      ) : !data ? (
        <Loader label="Loading workspaces…" />
      ) : data.workspaces.length === 0 ? (
        <NoWorkspaces filtered={query.trim() !== '' && query.trim() !== 'owner:me'} onClear={() => onQueryChange('owner:me')} />
      ) : (
        <>
          <WorkspacesTable {...props} workspaces={data.workspaces} />
          <Pagination page={page} pageSize={pageSize} count={data.count} onChange={onPageChange} />
        </>
      )}
    </>
  );
}

function NoWorkspaces({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  if (filtered) {
    return (
      <EmptyState
        title="No workspaces match this search"
        action={
          <Button onClick={onClear} variant="secondary">
            Show my workspaces
          </Button>
        }
      />
    );
  }
  return (
    <EmptyState
      title="Create your first workspace"
      description="A workspace is a development environment built from a template. Pick one to start."
      action={
        <Link to="/templates" className={buttonClass('primary')}>
          Browse templates
        </Link>
      }
    />
  );
}

function WorkspacesTable({ workspaces, onStart, onStop, busyIds }: WorkspacesPageViewProps & { workspaces: Workspace[] }) {
  return (
    <Table caption="Workspaces" columns={['Name', 'Template', 'Status', 'Last used', { label: 'Actions', hidden: true }]}>
      <tbody>
        {workspaces.map((w) => (
          <WorkspaceRow key={w.id} workspace={w} busy={busyIds.has(w.id)} onStart={onStart} onStop={onStop} />
        ))}
      </tbody>
    </Table>
  );
}

function WorkspaceRow({ workspace: w, busy, onStart, onStop }: { workspace: Workspace; busy: boolean; onStart: (w: Workspace) => void; onStop: (w: Workspace) => void }) {
  const status = w.latest_build.status;
  return (
    <tr className="border-t border-border hover:bg-surface-raised" data-workspace={w.name}>
      <td className="px-4 py-2">
        <Link to={`/@${w.owner_name}/${w.name}`} className="font-medium text-content hover:underline">
          {w.name}
        </Link>
        <div className="text-xs text-content-muted">{w.owner_name}</div>
      </td>
      <td className="px-4 py-2">
        <span className="flex items-center gap-2">
          <TemplateIcon name={w.template_name} icon={w.template_icon} size="size-5" />
          {w.template_display_name || w.template_name}
          {w.outdated && (
            <span className="rounded border border-warning/50 px-1.5 text-xs text-warning" title="A newer template version is active">
              Outdated
            </span>
          )}
        </span>
      </td>
      <td className="px-4 py-2">
        <WorkspaceStatusBadge status={status} />
      </td>
      <td className="px-4 py-2 text-content-muted">{relativeTime(w.last_used_at)}</td>
      <td className="px-4 py-2 text-right">
        {(status === 'stopped' || status === 'failed' || status === 'canceled') && (
          <Button onClick={() => onStart(w)} busy={busy} aria-label={`Start ${w.name}`}>
            Start
          </Button>
        )}
        {status === 'running' && (
          <Button onClick={() => onStop(w)} busy={busy} aria-label={`Stop ${w.name}`}>
            Stop
          </Button>
        )}
      </td>
    </tr>
  );
}
