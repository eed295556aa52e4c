import type { Queryable } from '../database';

export type Transition = 'start' | 'stop' | 'delete';

export interface WorkspaceBuildRow {
  id: string;
  created_at: Date;
  updated_at: Date;
  workspace_id: string;
  template_version_id: string;
  build_number: number;
  transition: Transition;
  initiator_id: string;
  job_id: string;
  deadline: Date | null;
  max_deadline: Date | null;
  reason: string;
  daily_cost: number;
}

/** A build with the names the API shows beside it. */
export interface WorkspaceBuildView extends WorkspaceBuildRow {
  workspace_name: string;
  workspace_owner_id: string;
  workspace_owner_name: string;
  workspace_owner_avatar_url: string;
  organization_id: string;
  template_id: string;
  template_version_name: string;
  initiator_name: string;
}

// Every column but the (possibly large) state.
const VIEW = `
  SELECT b.id, b.created_at, b.updated_at, b.workspace_id, b.template_version_id, b.build_number, b.transition,
         b.initiator_id, b.job_id, b.deadline, b.max_deadline, b.reason, b.daily_cost,
         w.name AS workspace_name, w.owner_id AS workspace_owner_id, ou.username AS workspace_owner_name,
         ou.avatar_url AS workspace_owner_avatar_url, w.organization_id, w.template_id,
         v.name AS template_version_name, iu.username AS initiator_name
  FROM workspace_builds b
  JOIN workspaces w ON w.id = b.workspace_id
  JOIN users ou ON ou.id = w.owner_id
  JOIN users iu ON iu.id = b.initiator_id
  JOIN template_versions v ON v.id = b.template_version_id`;

export async function insertWorkspaceBuild(
  q: Queryable,
  p: {
    id: string;
    workspaceId: string;
    templateVersionId: string;
    buildNumber: number;
    transition: Transition;
    initiatorId: string;
    jobId: string;
    state: Buffer;
    reason: string;
    now: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO workspace_builds (id, created_at, updated_at, workspace_id, template_version_id, build_number, transition,
       initiator_id, provisioner_state, job_id, reason)
     VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [p.id, p.now, p.workspaceId, p.templateVersionId, p.buildNumber, p.transition, p.initiatorId, p.state, p.jobId, p.reason],
  );
}

export async function getWorkspaceBuildById(q: Queryable, id: string): Promise<WorkspaceBuildView | undefined> {
  const { rows } = await q.query<WorkspaceBuildView>(`${VIEW} WHERE b.id = $1`, [id]);
  return rows[0];
}

export async function getWorkspaceBuildByJobId(q: Queryable, jobId: string): Promise<WorkspaceBuildView | undefined> {
  const { rows } = await q.query<WorkspaceBuildView>(`${VIEW} WHERE b.job_id = $1`, [jobId]);
  return rows[0];
}

export async function getLatestWorkspaceBuild(q: Queryable, workspaceId: string): Promise<WorkspaceBuildView | undefined> {
  const { rows } = await q.query<WorkspaceBuildView>(`${VIEW} WHERE b.workspace_id = $1 ORDER BY b.build_number DESC LIMIT 1`, [workspaceId]);
  return rows[0];
}

/** The latest build of each workspace in `workspaceIds`, in one query, keyed by workspace id. */
export async function getLatestWorkspaceBuilds(q: Queryable, workspaceIds: string[]): Promise<Map<string, WorkspaceBuildView>> {
  if (workspaceIds.length === 0) return new Map();
  const { rows } = await q.query<WorkspaceBuildView>(
    `${VIEW.replace('SELECT b.id', 'SELECT DISTINCT ON (b.workspace_id) b.id')}
     WHERE b.workspace_id = ANY($1::uuid[]) ORDER BY b.workspace_id, b.build_number DESC`,
    [workspaceIds],
  );
  return new Map(rows.map((r) => [r.workspace_id, r]));
}

export async function getWorkspaceBuildByNumber(q: Queryable, workspaceId: string, buildNumber: number): Promise<WorkspaceBuildView | undefined> {
  const { rows } = await q.query<WorkspaceBuildView>(`${VIEW} WHERE b.workspace_id = $1 AND b.build_number = $2`, [workspaceId, buildNumber]);
  return rows[0];
}

/** Builds newest first. */
export async function listWorkspaceBuilds(
  q: Queryable,
  p: { workspaceId: string; afterId?: string; since?: Date; limit: number; offset: number },
): Promise<WorkspaceBuildView[]> {
  const { rows } = await q.query<WorkspaceBuildView>(
    `${VIEW} WHERE b.workspace_id = $1
       AND ($2::uuid IS NULL OR b.build_number < (SELECT build_number FROM workspace_builds WHERE id = $2))
       AND ($3::timestamptz IS NULL OR b.created_at >= $3)
     ORDER BY b.build_number DESC LIMIT $4 OFFSET $5`,
    [p.workspaceId, p.afterId ?? null, p.since ?? null, p.limit, p.offset],
  );
  return rows;
}

export async function getWorkspaceBuildState(q: Queryable, id: string): Promise<Buffer | undefined> {
  const { rows } = await q.query<{ provisioner_state: Buffer }>('SELECT provisioner_state FROM workspace_builds WHERE id = $1', [id]);
  return rows[0]?.provisioner_state;
}

export async function setWorkspaceBuildState(q: Queryable, id: string, state: Buffer, now: Date): Promise<void> {
  await q.query('UPDATE workspace_builds SET provisioner_state = $2, updated_at = $3 WHERE id = $1', [id, state, now]);
}

export async function touchWorkspaceBuild(q: Queryable, id: string, now: Date, dailyCost?: number): Promise<void> {
  await q.query('UPDATE workspace_builds SET updated_at = $2, daily_cost = COALESCE($3, daily_cost) WHERE id = $1', [id, now, dailyCost ?? null]);
}

export async function insertWorkspaceBuildParameters(q: Queryable, buildId: string, params: Array<{ name: string; value: string }>): Promise<void> {
  if (params.length === 0) return;
  await q.query(
    `INSERT INTO workspace_build_parameters (workspace_build_id, name, value) SELECT $1, * FROM unnest($2::text[], $3::text[])`,
    [buildId, params.map((p) => p.name), params.map((p) => p.value)],
  );
}

export async function listWorkspaceBuildParameters(q: Queryable, buildId: string): Promise<Array<{ name: string; value: string }>> {
  const { rows } = await q.query<{ name: string; value: string }>(
    'SELECT name, value FROM workspace_build_parameters WHERE workspace_build_id = $1 ORDER BY name',
    [buildId],
  );
  return rows;
}
