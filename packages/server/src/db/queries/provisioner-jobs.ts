import type { Queryable } from '../database';

export type JobType = 'template_version_import' | 'workspace_build' | 'template_version_dry_run';

export interface JobInput {
  template_version_id?: string;
  workspace_build_id?: string;
  user_variable_values?: Array<{ name: string; value: string }>;
  log_level?: string;
  dry_run?: boolean;
  /** A dry run's would-be workspace name and parameter values. */
  workspace_name?: string;
  rich_parameter_values?: Array<{ name: string; value: string }>;
}

export interface ProvisionerJobRow {
  id: string;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  canceled_at: Date | null;
  completed_at: Date | null;
  error: string;
  error_code: string;
  organization_id: string;
  initiator_id: string;
  provisioner: 'terraform' | 'echo';
  storage_method: string;
  type: JobType;
  input: JobInput;
  file_id: string;
  tags: Record<string, string>;
  /** Carried from the request that queued the job (its `request_id`), for the logs. */
  trace_metadata: Record<string, string>;
  worker_id: string | null;
  job_status: 'pending' | 'running' | 'succeeded' | 'canceling' | 'canceled' | 'failed';
}

export interface ProvisionerJobWithQueue extends ProvisionerJobRow {
  queue_position: number;
  queue_size: number;
  /** Daemons whose tags allow the job: all, those seen since `staleBefore`, and the latest sighting. */
  matched_count: number;
  matched_available: number;
  matched_last_seen_at: Date | null;
  /** What the job is about (Coder's ProvisionerJobMetadata); null where there is none. */
  md_template_version_name: string | null;
  md_template_id: string | null;
  md_template_name: string | null;
  md_template_display_name: string | null;
  md_template_icon: string | null;
  md_workspace_id: string | null;
  md_workspace_name: string | null;
  /** The name of the daemon that took the job, while it is known. */
  worker_name: string | null;
}

/** A daemon not seen for this long counts as offline (Coder's provisionerdserver.StaleInterval). */
export const PROVISIONER_STALE_INTERVAL_MS = 90_000;

export async function insertProvisionerJob(
  q: Queryable,
  p: {
    id: string;
    organizationId: string;
    initiatorId: string;
    provisioner: string;
    type: JobType;
    input: JobInput;
    fileId: string;
    tags: Record<string, string>;
    traceMetadata: Record<string, string>;
    now: Date;
  },
): Promise<ProvisionerJobRow> {
  const { rows } = await q.query<ProvisionerJobRow>(
    `INSERT INTO provisioner_jobs (id, created_at, updated_at, organization_id, initiator_id, provisioner, type, input, file_id, tags, trace_metadata)
     VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
    [p.id, p.now, p.organizationId, p.initiatorId, p.provisioner, p.type, JSON.stringify(p.input), p.fileId, JSON.stringify(p.tags), JSON.stringify(p.traceMetadata)],
  );
  return rows[0]!;
}

export async function getProvisionerJob(q: Queryable, id: string, forUpdate = false): Promise<ProvisionerJobRow | undefined> {
  const { rows } = await q.query<ProvisionerJobRow>(
    `SELECT * FROM provisioner_jobs WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

/**
 * Jobs with their place in the queue: pending jobs are ranked by age among the pending jobs of
 * their organization; others answer 0.
 */
export async function getProvisionerJobsWithQueue(
  q: Queryable,
  ids: string[],
  staleBefore = new Date(Date.now() - PROVISIONER_STALE_INTERVAL_MS),
): Promise<ProvisionerJobWithQueue[]> {
  const { rows } = await q.query<ProvisionerJobWithQueue>(
    `WITH pending AS (
       SELECT id, organization_id,
              row_number() OVER (PARTITION BY organization_id ORDER BY created_at, id)::int AS queue_position,
              count(*) OVER (PARTITION BY organization_id)::int AS queue_size
       FROM provisioner_jobs WHERE started_at IS NULL AND completed_at IS NULL
     )
     SELECT j.*, COALESCE(p.queue_position, 0) AS queue_position, COALESCE(p.queue_size, 0) AS queue_size,
            m.matched_count, m.matched_available, m.matched_last_seen_at,
            mv.name AS md_template_version_name, mt.id AS md_template_id, mt.name AS md_template_name,
            mt.display_name AS md_template_display_name, mt.icon AS md_template_icon,
            mw.id AS md_workspace_id, mw.name AS md_workspace_name, wd.name AS worker_name
     FROM provisioner_jobs j LEFT JOIN pending p ON p.id = j.id
     LEFT JOIN provisioner_daemons wd ON wd.id = j.worker_id
     LEFT JOIN workspace_builds mb ON mb.job_id = j.id
     LEFT JOIN workspaces mw ON mw.id = mb.workspace_id
     LEFT JOIN template_versions mv ON mv.id = COALESCE(mb.template_version_id,
       (SELECT v.id FROM template_versions v WHERE v.job_id = j.id), NULLIF(j.input->>'template_version_id', '')::uuid)
     LEFT JOIN templates mt ON mt.id = mv.template_id
     LEFT JOIN LATERAL (
       SELECT count(*)::int AS matched_count,
              (count(*) FILTER (WHERE d.last_seen_at >= $2))::int AS matched_available,
              max(d.last_seen_at) AS matched_last_seen_at
       FROM provisioner_daemons d
       WHERE d.organization_id = j.organization_id AND j.provisioner = ANY (d.provisioners)
         AND provisioner_tagset_contains(d.tags, j.tags)
     ) m ON true
     WHERE j.id = ANY ($1::uuid[])`,
    [ids, staleBefore],
  );
  return rows;
}

/**
 * Takes the oldest pending job the daemon may run, in one statement: same organization, a
 * provisioner the daemon serves, and Coder's tag-set rule. Concurrent daemons skip each other's
 * locked rows, so each job goes to exactly one daemon.
 */
export async function acquireProvisionerJob(
  q: Queryable,
  p: { daemonId: string | null; organizationId: string; provisioners: string[]; tags: Record<string, string>; now: Date },
): Promise<ProvisionerJobRow | undefined> {
  const { rows } = await q.query<ProvisionerJobRow>(
    `UPDATE provisioner_jobs SET started_at = $1, updated_at = $1, worker_id = $2
     WHERE id = (
       SELECT id FROM provisioner_jobs
       WHERE started_at IS NULL AND completed_at IS NULL
         AND organization_id = $3
         AND provisioner = ANY ($4::text[])
         AND provisioner_tagset_contains($5::jsonb, tags)
       ORDER BY created_at, id
       FOR UPDATE SKIP LOCKED
       LIMIT 1
     )
     RETURNING *`,
    [p.now, p.daemonId, p.organizationId, p.provisioners, JSON.stringify(p.tags)],
  );
  return rows[0];
}

/** Records a heartbeat of the daemon running the job. */
export async function touchProvisionerJob(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query('UPDATE provisioner_jobs SET updated_at = $2 WHERE id = $1', [id, now]);
}

export async function completeProvisionerJob(
  q: Queryable,
  p: { id: string; now: Date; error?: string; errorCode?: string },
): Promise<ProvisionerJobRow> {
  const { rows } = await q.query<ProvisionerJobRow>(
    `UPDATE provisioner_jobs SET completed_at = $2, updated_at = $2, error = $3, error_code = $4
     WHERE id = $1 RETURNING *`,
    [p.id, p.now, p.error ?? '', p.errorCode ?? ''],
  );
  return rows[0]!;
}

/** Marks a job canceled; a job no daemon has started is finished at once. */
export async function cancelProvisionerJob(q: Queryable, id: string, now: Date): Promise<ProvisionerJobRow> {
  const { rows } = await q.query<ProvisionerJobRow>(
    `UPDATE provisioner_jobs
     SET canceled_at = $2, updated_at = $2, completed_at = CASE WHEN started_at IS NULL THEN $2 ELSE completed_at END
     WHERE id = $1 RETURNING *`,
    [id, now],
  );
  return rows[0]!;
}

/** Running jobs whose daemon has not reported since `before`. */
export async function listHungProvisionerJobs(q: Queryable, before: Date): Promise<ProvisionerJobRow[]> {
  const { rows } = await q.query<ProvisionerJobRow>(
    `SELECT * FROM provisioner_jobs WHERE started_at IS NOT NULL AND completed_at IS NULL AND updated_at < $1
     ORDER BY updated_at FOR UPDATE SKIP LOCKED`,
    [before],
  );
  return rows;
}

/** Finishes a job no daemon needs to run (an orphan delete). */
export async function finishJobWithoutDaemon(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query('UPDATE provisioner_jobs SET started_at = $2, completed_at = $2, updated_at = $2 WHERE id = $1', [id, now]);
}

/** Ids of an organization's jobs, newest first, optionally of the given statuses. */
export async function listProvisionerJobIds(
  q: Queryable,
  p: { organizationId: string; statuses?: string[]; limit: number },
): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM provisioner_jobs WHERE organization_id = $1 AND ($2::text[] IS NULL OR job_status = ANY ($2::text[]))
     ORDER BY created_at DESC, id LIMIT $3`,
    [p.organizationId, p.statuses ?? null, p.limit],
  );
  return rows.map((r) => r.id);
}

/**
 * Gives a job that was acquired but never delivered back to the queue (its daemon went away
 * before receiving it); a job that has already reported anything is left alone.
 */
export async function releaseUndeliveredJob(q: Queryable, id: string, daemonId: string): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE provisioner_jobs SET started_at = NULL, worker_id = NULL
     WHERE id = $1 AND worker_id = $2 AND completed_at IS NULL AND updated_at = started_at`,
    [id, daemonId],
  );
  return (rowCount ?? 0) > 0;
}

/** Whether any workspace build job is running (started, not completed): an agent token may be on its way. */
export async function anyWorkspaceBuildRunning(q: Queryable): Promise<boolean> {
  const { rows } = await q.query<{ running: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM provisioner_jobs WHERE type = 'workspace_build' AND started_at IS NOT NULL AND completed_at IS NULL) AS running",
  );
  return rows[0]!.running;
}

/** Running jobs held by `daemonId` that it has not reported on since `since`, locked for failing. */
export async function listSilentJobsOfDaemon(q: Queryable, daemonId: string, since: Date): Promise<ProvisionerJobRow[]> {
  const { rows } = await q.query<ProvisionerJobRow>(
    `SELECT * FROM provisioner_jobs
     WHERE worker_id = $1 AND started_at IS NOT NULL AND completed_at IS NULL AND updated_at <= $2
     FOR UPDATE SKIP LOCKED`,
    [daemonId, since],
  );
  return rows;
}
