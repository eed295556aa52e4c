import type { Queryable } from '../database';

export async function setWorkspaceAutostart(q: Queryable, id: string, schedule: string | null, now: Date): Promise<void> {
  await q.query('UPDATE workspaces SET autostart_schedule = $2, updated_at = $3 WHERE id = $1', [id, schedule, now]);
}

export async function setWorkspaceTtl(q: Queryable, id: string, ttlMs: number | null, now: Date): Promise<void> {
  await q.query('UPDATE workspaces SET ttl_ms = $2, updated_at = $3 WHERE id = $1', [id, ttlMs, now]);
}

export async function setWorkspaceAutomaticUpdates(q: Queryable, id: string, value: 'always' | 'never', now: Date): Promise<void> {
  await q.query('UPDATE workspaces SET automatic_updates = $2, updated_at = $3 WHERE id = $1', [id, value, now]);
}

export async function setWorkspaceBuildDeadline(q: Queryable, buildId: string, deadline: Date | null, now: Date): Promise<void> {
  await q.query('UPDATE workspace_builds SET deadline = $2, updated_at = $3 WHERE id = $1', [buildId, deadline, now]);
}

/** The latest build of a workspace with its job's status and completion, and the template's schedule settings. */
export interface ScheduledBuildRow {
  workspace_id: string;
  build_id: string;
  transition: 'start' | 'stop' | 'delete';
  build_created_at: Date;
  deadline: Date | null;
  max_deadline: Date | null;
  job_status: string;
  job_completed_at: Date | null;
  autostart_schedule: string | null;
  dormant_at: Date | null;
  owner_status: string;
  allow_user_autostart: boolean;
}

const LATEST = `
  SELECT w.id AS workspace_id, lb.id AS build_id, lb.transition, lb.created_at AS build_created_at, lb.deadline, lb.max_deadline,
         lb.job_status, lb.completed_at AS job_completed_at, w.autostart_schedule, w.dormant_at, u.status AS owner_status,
         t.allow_user_autostart
  FROM workspaces w
  JOIN users u ON u.id = w.owner_id
  JOIN templates t ON t.id = w.template_id
  JOIN LATERAL (
    SELECT b.id, b.transition, b.created_at, b.deadline, b.max_deadline, j.job_status, j.completed_at
    FROM workspace_builds b JOIN provisioner_jobs j ON j.id = b.job_id
    WHERE b.workspace_id = w.id ORDER BY b.build_number DESC LIMIT 1
  ) lb ON true`;

export async function getScheduledBuild(q: Queryable, workspaceId: string): Promise<ScheduledBuildRow | undefined> {
  const { rows } = await q.query<ScheduledBuildRow>(`${LATEST} WHERE w.id = $1`, [workspaceId]);
  return rows[0];
}

/**
 * Workspaces that may be due for an automatic build at `now`: running past their deadline, or
 * stopped with an autostart schedule (whether it has come round is for the caller to work out).
 */
export async function listAutobuildCandidates(q: Queryable, now: Date): Promise<ScheduledBuildRow[]> {
  const { rows } = await q.query<ScheduledBuildRow>(
    `${LATEST}
     WHERE NOT w.deleted AND lb.job_status = 'succeeded'
       AND ((lb.transition = 'start' AND lb.deadline <= $1)
         OR (lb.transition = 'stop' AND COALESCE(w.autostart_schedule, '') <> '' AND t.allow_user_autostart))`,
    [now],
  );
  return rows;
}

/**
 * Activity on a running workspace with an autostop deadline moves the deadline to `now` plus the
 * template's activity bump (never past the build's max deadline, never earlier than it was). It
 * moves only once a twentieth of the bump has passed since the last move, so frequent reports do
 * not rewrite the row each time. Answers whether it moved.
 */
export async function bumpWorkspaceDeadline(q: Queryable, workspaceId: string, now: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE workspace_builds b
     SET deadline = LEAST($2::timestamptz + l.bump, COALESCE(l.max_deadline, 'infinity')), updated_at = $2
     FROM (
       SELECT b.id, b.transition, b.deadline, b.max_deadline, j.job_status, t.activity_bump_ms * interval '1 millisecond' AS bump
       FROM workspace_builds b
       JOIN provisioner_jobs j ON j.id = b.job_id
       JOIN workspaces w ON w.id = b.workspace_id
       JOIN templates t ON t.id = w.template_id
       WHERE b.workspace_id = $1 ORDER BY b.build_number DESC LIMIT 1
     ) l
     WHERE b.id = l.id AND l.transition = 'start' AND l.job_status = 'succeeded' AND l.deadline IS NOT NULL
       AND l.bump > interval '0' AND l.deadline < $2::timestamptz + l.bump * 0.95
       AND (l.max_deadline IS NULL OR l.deadline < l.max_deadline)`,
    [workspaceId, now],
  );
  return (rowCount ?? 0) > 0;
}
