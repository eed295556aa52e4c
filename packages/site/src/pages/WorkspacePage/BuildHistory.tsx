import type { WorkspaceBuild } from '@warren/sdk/workspaces';
import { WorkspaceStatusBadge } from '../../components/WorkspaceStatusBadge';
import { formatDuration, relativeTime } from '../../time';

/** The workspace's builds, newest first. */
export function BuildHistory({ builds }: { builds?: WorkspaceBuild[] }) {
  if (!builds) return <p className="text-sm text-content-muted">Loading builds…</p>;
  return (
    <ol className="flex flex-col divide-y divide-border text-sm">
      {builds.map((b) => {
        const took = b.job.started_at && b.job.completed_at ? new Date(b.job.completed_at).getTime() - new Date(b.job.started_at).getTime() : undefined;
        return (
          <li key={b.id} className="flex items-center justify-between gap-2 py-2">
            <span>
              <span className="font-medium">#{b.build_number}</span> {b.transition} by {b.initiator_name}
              <span className="block text-xs text-content-muted">
                {relativeTime(b.created_at)} · version {b.template_version_name}
                {took !== undefined && <> · {formatDuration(took)}</>}
              </span>
            </span>
            <WorkspaceStatusBadge status={b.status} />
          </li>
        );
      })}
    </ol>
  );
}
