import type { Queryable } from '../database';

export interface WorkspaceRow {
  id: string;
  created_at: Date;
  updated_at: Date;
  owner_id: string;
  organization_id: string;
  template_id: string;
  deleted: boolean;
  name: string;
  autostart_schedule: string | null;
  ttl_ms: number | null;
  last_used_at: Date;
  dormant_at: Date | null;
  deleting_at: Date | null;
  automatic_updates: 'always' | 'never';
  favorite: boolean;
}

/** A workspace with the names of its owner, organization and template. */
export interface WorkspaceView extends WorkspaceRow {
  owner_name: string;
  owner_avatar_url: string;
  organization_name: string;
  template_name: string;
  template_display_name: string;
  template_icon: string;
  template_allow_user_cancel_workspace_jobs: boolean;
  template_active_version_id: string;
  template_require_active_version: boolean;
  template_allow_user_autostart: boolean;
  total: number;
}

/** The workspace status of the latest build, as codersdk.ConvertWorkspaceStatus derives it. */
const LATEST_STATUS = `CASE lb.job_status
    WHEN 'pending' THEN 'pending'
    WHEN 'running' THEN CASE lb.transition WHEN 'start' THEN 'starting' WHEN 'stop' THEN 'stopping' ELSE 'deleting' END
    WHEN 'succeeded' THEN CASE lb.transition WHEN 'start' THEN 'running' WHEN 'stop' THEN 'stopped' ELSE 'deleted' END
    ELSE lb.job_status END`;

const VIEW = `
  SELECT w.*, lb.job_status AS latest_job_status, lb.transition AS latest_transition, u.username AS owner_name, u.avatar_url AS owner_avatar_url, o.name AS organization_name,
         t.name AS template_name, t.display_name AS template_display_name, t.icon AS template_icon,
         t.allow_user_cancel_workspace_jobs AS template_allow_user_cancel_workspace_jobs,
         t.active_version_id AS template_active_version_id, t.require_active_version AS template_require_active_version,
         t.allow_user_autostart AS template_allow_user_autostart
  FROM workspaces w
  JOIN users u ON u.id = w.owner_id
  JOIN organizations o ON o.id = w.organization_id
  JOIN templates t ON t.id = w.template_id
  LEFT JOIN LATERAL (
    SELECT b.transition, j.job_status FROM workspace_builds b JOIN provisioner_jobs j ON j.id = b.job_id
    WHERE b.workspace_id = w.id ORDER BY b.build_number DESC LIMIT 1
  ) lb ON true`;

export async function insertWorkspace(
  q: Queryable,
  p: {
    id: string;
    ownerId: string;
    organizationId: string;
    templateId: string;
    name: string;
    autostartSchedule: string | null;
    ttlMs: number | null;
    automaticUpdates: 'always' | 'never';
    now: Date;
  },
): Promise<WorkspaceRow> {
  const { rows } = await q.query<WorkspaceRow>(
    `INSERT INTO workspaces (id, created_at, updated_at, owner_id, organization_id, template_id, name, autostart_schedule, ttl_ms,
       last_used_at, automatic_updates)
     VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $2, $9) RETURNING *`,
    [p.id, p.now, p.ownerId, p.organizationId, p.templateId, p.name, p.autostartSchedule, p.ttlMs, p.automaticUpdates],
  );
  return rows[0]!;
}

export async function getWorkspaceById(q: Queryable, id: string): Promise<WorkspaceView | undefined> {
  const { rows } = await q.query<WorkspaceView>(`${VIEW} WHERE w.id = $1`, [id]);
  return rows[0];
}

/** Locks the workspace row for the rest of the transaction (serialises builds of one workspace). */
export async function lockWorkspace(q: Queryable, id: string): Promise<WorkspaceRow | undefined> {
  const { rows } = await q.query<WorkspaceRow>('SELECT * FROM workspaces WHERE id = $1 FOR UPDATE', [id]);
  return rows[0];
}

/** The live workspace of that name, or with `includeDeleted` the most recent one of any state. */
export async function getWorkspaceByOwnerAndName(
  q: Queryable,
  ownerId: string,
  name: string,
  includeDeleted: boolean,
): Promise<WorkspaceView | undefined> {
  const { rows } = await q.query<WorkspaceView>(
    `${VIEW} WHERE w.owner_id = $1 AND lower(w.name) = lower($2) AND ($3 OR NOT w.deleted)
     ORDER BY w.deleted, w.created_at DESC LIMIT 1`,
    [ownerId, name, includeDeleted],
  );
  return rows[0];
}

export interface WorkspaceFilter {
  ownerUsername?: string;
  ownerId?: string;
  /** Partial, case-insensitive. */
  name?: string;
  exactName?: string;
  templateName?: string;
  status?: string;
  ids?: string[];
  organizationId?: string;
  deleted?: boolean;
  /** Only workspaces owned by this user or living in these organizations; undefined means all. */
  readableBy?: { ownerId: string; organizationIds: string[] };
  /** The caller: their favourite workspaces come first, as in Coder. */
  requesterId?: string;
  limit: number;
  offset: number;
}

export async function listWorkspaces(q: Queryable, f: WorkspaceFilter): Promise<{ rows: WorkspaceView[]; count: number }> {
  const conds = [f.deleted ? 'w.deleted' : 'NOT w.deleted'];
  const values: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    conds.push(sql.replaceAll('$?', `$${values.length}`));
  };
  if (f.ownerUsername) add('lower(u.username) = lower($?)', f.ownerUsername);
  if (f.ownerId) add('w.owner_id = $?', f.ownerId);
  if (f.name) add(`w.name ILIKE '%' || $? || '%'`, f.name);
  if (f.exactName) add('lower(w.name) = lower($?)', f.exactName);
  if (f.templateName) add('lower(t.name) = lower($?)', f.templateName);
  if (f.status) add(`(${LATEST_STATUS}) = $?`, f.status);
  if (f.ids) add('w.id = ANY ($?::uuid[])', f.ids);
  if (f.organizationId) add('w.organization_id = $?', f.organizationId);
  if (f.readableBy) {
    values.push(f.readableBy.ownerId, f.readableBy.organizationIds);
    conds.push(`(w.owner_id = $${values.length - 1} OR w.organization_id = ANY ($${values.length}::uuid[]))`);
  }
  const n = values.length;
  // Coder's order: the caller's favourites, then running workspaces, then by owner and name.
  const { rows } = await q.query<WorkspaceView>(
    `SELECT *, count(*) OVER ()::int AS total FROM (${VIEW} WHERE ${conds.join(' AND ')}) v
     ORDER BY (v.favorite AND v.owner_id = $${n + 3}::uuid) DESC,
              (v.latest_job_status = 'succeeded' AND v.latest_transition = 'start') DESC,
              lower(v.owner_name), lower(v.name)
     LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...values, f.limit, f.offset, f.requesterId ?? null],
  );
  if (rows.length > 0 || f.offset === 0) return { rows, count: rows[0]?.total ?? 0 };
  const counted = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${VIEW} WHERE ${conds.join(' AND ')}) v`, values);
  return { rows, count: counted.rows[0]!.n };
}

export async function markWorkspaceDeleted(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query('UPDATE workspaces SET deleted = true, updated_at = $2 WHERE id = $1', [id, now]);
}

export async function touchWorkspace(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query('UPDATE workspaces SET updated_at = $2 WHERE id = $1', [id, now]);
}

/** Renames a live workspace; false when it has been deleted. */
export async function renameWorkspace(q: Queryable, id: string, name: string, now: Date): Promise<boolean> {
  const { rowCount } = await q.query('UPDATE workspaces SET name = $2, updated_at = $3 WHERE id = $1 AND NOT deleted', [id, name, now]);
  return (rowCount ?? 0) > 0;
}

export async function setWorkspaceFavorite(q: Queryable, id: string, favorite: boolean): Promise<void> {
  await q.query('UPDATE workspaces SET favorite = $2 WHERE id = $1', [id, favorite]);
}
