import type { WorkspaceStatus } from '@warren/sdk/workspaces';

const STYLE: Record<WorkspaceStatus, { label: string; tone: string; busy?: boolean }> = {
  pending: { label: 'Pending', tone: 'text-content-muted border-border', busy: true },
  starting: { label: 'Starting', tone: 'text-accent border-accent/50', busy: true },
  running: { label: 'Running', tone: 'text-success border-success/50' },
  stopping: { label: 'Stopping', tone: 'text-warning border-warning/50', busy: true },
  stopped: { label: 'Stopped', tone: 'text-content-muted border-border' },
  failed: { label: 'Failed', tone: 'text-danger border-danger/50' },
  canceling: { label: 'Canceling', tone: 'text-warning border-warning/50', busy: true },
  canceled: { label: 'Canceled', tone: 'text-content-muted border-border' },
  deleting: { label: 'Deleting', tone: 'text-danger border-danger/50', busy: true },
  deleted: { label: 'Deleted', tone: 'text-content-muted border-border' },
};

/** A workspace's build status as a pill; transitional states pulse. */
export function WorkspaceStatusBadge({ status }: { status: WorkspaceStatus }) {
  const s = STYLE[status] ?? { label: status, tone: 'text-content-muted border-border' };
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs font-medium ${s.tone}`} data-status={status}>
      <span className={`size-1.5 rounded-full bg-current ${s.busy ? 'animate-pulse' : ''}`} aria-hidden="true" />
      {s.label}
    </span>
  );
}

/** States in which a build is under way: the page keeps following the workspace. */
export const isTransitional = (status: WorkspaceStatus): boolean => !!STYLE[status]?.busy;
