import type { Queryable } from '../database';

export interface TemplateRow {
  id: string;
  created_at: Date;
  updated_at: Date;
  organization_id: string;
  deleted: boolean;
  name: string;
  display_name: string;
  description: string;
  icon: string;
  provisioner: string;
  active_version_id: string;
  created_by: string;
  default_ttl_ms: number;
  activity_bump_ms: number;
  autostop_requirement_days_of_week: string[];
  autostop_requirement_weeks: number;
  autostart_requirement_days_of_week: string[];
  allow_user_autostart: boolean;
  allow_user_autostop: boolean;
  allow_user_cancel_workspace_jobs: boolean;
  failure_ttl_ms: number;
  time_til_dormant_ms: number;
  time_til_dormant_autodelete_ms: number;
  require_active_version: boolean;
  deprecation_message: string;
  max_port_share_level: string;
}

/** A template with the names the API shows beside it. */
export interface TemplateView extends TemplateRow {
  organization_name: string;
  organization_display_name: string;
  organization_icon: string;
  created_by_name: string;
  active_user_count: number;
}

const VIEW = `
  SELECT t.*, o.name AS organization_name, o.display_name AS organization_display_name, o.icon AS organization_icon,
         u.username AS created_by_name,
         (SELECT count(DISTINCT w.owner_id)::int FROM workspaces w WHERE w.template_id = t.id AND NOT w.deleted) AS active_user_count
  FROM templates t JOIN organizations o ON o.id = t.organization_id JOIN users u ON u.id = t.created_by`;

/** The settings a template is created or updated with (column names). */
export type TemplateSettings = Partial<
  Pick<
    TemplateRow,
    | 'name'
    | 'display_name'
    | 'description'
    | 'icon'
    | 'default_ttl_ms'
    | 'activity_bump_ms'
    | 'autostop_requirement_days_of_week'
    | 'autostop_requirement_weeks'
    | 'autostart_requirement_days_of_week'
    | 'allow_user_autostart'
    | 'allow_user_autostop'
    | 'allow_user_cancel_workspace_jobs'
    | 'failure_ttl_ms'
    | 'time_til_dormant_ms'
    | 'time_til_dormant_autodelete_ms'
    | 'require_active_version'
    | 'deprecation_message'
    | 'max_port_share_level'
  >
>;

const SETTING_COLUMNS = new Set<string>([
  'name', 'display_name', 'description', 'icon', 'default_ttl_ms', 'activity_bump_ms',
  'autostop_requirement_days_of_week', 'autostop_requirement_weeks', 'autostart_requirement_days_of_week',
  'allow_user_autostart', 'allow_user_autostop', 'allow_user_cancel_workspace_jobs', 'failure_ttl_ms',
  'time_til_dormant_ms', 'time_til_dormant_autodelete_ms', 'require_active_version', 'deprecation_message',
  'max_port_share_level',
]);

function settingEntries(s: TemplateSettings): Array<[string, unknown]> {
  return Object.entries(s).filter(([k, v]) => SETTING_COLUMNS.has(k) && v !== undefined);
}

export async function insertTemplate(
  q: Queryable,
  p: { id: string; organizationId: string; activeVersionId: string; createdBy: string; provisioner: string; now: Date; settings: TemplateSettings },
): Promise<void> {
  const entries = settingEntries(p.settings);
  const cols = ['id', 'created_at', 'updated_at', 'organization_id', 'active_version_id', 'created_by', 'provisioner', ...entries.map(([k]) => k)];
  const values = [p.id, p.now, p.now, p.organizationId, p.activeVersionId, p.createdBy, p.provisioner, ...entries.map(([, v]) => v)];
  await q.query(
    `INSERT INTO templates (${cols.join(', ')}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})`,
    values,
  );
}

export async function updateTemplateSettings(q: Queryable, id: string, settings: TemplateSettings, now: Date): Promise<void> {
  const entries = settingEntries(settings);
  const sets = entries.map(([k], i) => `${k} = $${i + 3}`);
  await q.query(`UPDATE templates SET ${['updated_at = $2', ...sets].join(', ')} WHERE id = $1`, [id, now, ...entries.map(([, v]) => v)]);
}

export async function getTemplateById(q: Queryable, id: string, includeDeleted = false): Promise<TemplateView | undefined> {
  const { rows } = await q.query<TemplateView>(`${VIEW} WHERE t.id = $1${includeDeleted ? '' : ' AND NOT t.deleted'}`, [id]);
  return rows[0];
}

export async function getTemplateByName(q: Queryable, organizationId: string, name: string): Promise<TemplateView | undefined> {
  const { rows } = await q.query<TemplateView>(
    `${VIEW} WHERE t.organization_id = $1 AND lower(t.name) = lower($2) AND NOT t.deleted`,
    [organizationId, name],
  );
  return rows[0];
}

export interface TemplateFilter {
  organizationId?: string;
  /** Partial, case-insensitive name match. */
  search?: string;
  exactName?: string;
  deprecated?: boolean;
  deleted?: boolean;
  ids?: string[];
}

export async function listTemplates(q: Queryable, f: TemplateFilter): Promise<TemplateView[]> {
  const conds = [f.deleted ? 't.deleted' : 'NOT t.deleted'];
  const values: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    conds.push(sql.replaceAll('$?', `$${values.length}`));
  };
  if (f.organizationId) add('t.organization_id = $?', f.organizationId);
  if (f.search) add(`t.name ILIKE '%' || $? || '%'`, f.search);
  if (f.exactName) add('lower(t.name) = lower($?)', f.exactName);
  if (f.deprecated !== undefined) conds.push(f.deprecated ? `t.deprecation_message <> ''` : `t.deprecation_message = ''`);
  if (f.ids) add('t.id = ANY ($?::uuid[])', f.ids);
  const { rows } = await q.query<TemplateView>(`${VIEW} WHERE ${conds.join(' AND ')} ORDER BY lower(t.name), t.id`, values);
  return rows;
}

export async function setActiveTemplateVersion(q: Queryable, id: string, versionId: string, now: Date): Promise<void> {
  await q.query('UPDATE templates SET active_version_id = $2, updated_at = $3 WHERE id = $1', [id, versionId, now]);
}

export async function markTemplateDeleted(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query('UPDATE templates SET deleted = true, updated_at = $2 WHERE id = $1', [id, now]);
}

export async function countLiveWorkspacesOfTemplate(q: Queryable, id: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM workspaces WHERE template_id = $1 AND NOT deleted', [id]);
  return rows[0]!.n;
}

/** Locks the template row for the rest of the transaction. */
export async function lockTemplate(q: Queryable, id: string): Promise<void> {
  await q.query('SELECT id FROM templates WHERE id = $1 FOR UPDATE', [id]);
}
