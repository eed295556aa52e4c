import type { RichParameter } from '@warren/sdk';
import type { Queryable } from '../database';

export interface TemplateVersionRow {
  id: string;
  template_id: string | null;
  organization_id: string;
  created_at: Date;
  updated_at: Date;
  name: string;
  message: string;
  readme: string;
  job_id: string;
  created_by: string;
  archived: boolean;
  external_auth_providers: Array<{ id: string; optional: boolean }>;
}

/** A version with its creator, as the API shows it. */
export interface TemplateVersionView extends TemplateVersionRow {
  created_by_username: string;
  created_by_avatar_url: string;
  created_by_name: string;
}

const VIEW = `
  SELECT v.*, u.username AS created_by_username, u.avatar_url AS created_by_avatar_url, u.name AS created_by_name
  FROM template_versions v JOIN users u ON u.id = v.created_by`;

export async function insertTemplateVersion(
  q: Queryable,
  p: { id: string; templateId: string | null; organizationId: string; name: string; message: string; jobId: string; createdBy: string; now: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO template_versions (id, template_id, organization_id, created_at, updated_at, name, message, job_id, created_by)
     VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8)`,
    [p.id, p.templateId, p.organizationId, p.now, p.name, p.message, p.jobId, p.createdBy],
  );
}

export async function getTemplateVersionById(q: Queryable, id: string): Promise<TemplateVersionView | undefined> {
  const { rows } = await q.query<TemplateVersionView>(`${VIEW} WHERE v.id = $1`, [id]);
  return rows[0];
}

export async function getTemplateVersionByJobId(q: Queryable, jobId: string): Promise<TemplateVersionView | undefined> {
  const { rows } = await q.query<TemplateVersionView>(`${VIEW} WHERE v.job_id = $1`, [jobId]);
  return rows[0];
}

export async function getTemplateVersionByName(q: Queryable, templateId: string, name: string): Promise<TemplateVersionView | undefined> {
  const { rows } = await q.query<TemplateVersionView>(`${VIEW} WHERE v.template_id = $1 AND lower(v.name) = lower($2)`, [templateId, name]);
  return rows[0];
}

export async function listTemplateVersions(
  q: Queryable,
  p: { templateId: string; includeArchived: boolean; afterId?: string; limit: number; offset: number },
): Promise<TemplateVersionView[]> {
  const { rows } = await q.query<TemplateVersionView>(
    `${VIEW} WHERE v.template_id = $1 AND ($2 OR NOT v.archived)
       AND ($3::uuid IS NULL OR (v.created_at, v.id) > (SELECT created_at, id FROM template_versions WHERE id = $3))
     ORDER BY v.created_at, v.id LIMIT $4 OFFSET $5`,
    [p.templateId, p.includeArchived, p.afterId ?? null, p.limit, p.offset],
  );
  return rows;
}

export async function updateTemplateVersionNameMessage(
  q: Queryable,
  p: { id: string; name: string; message: string; now: Date },
): Promise<void> {
  await q.query('UPDATE template_versions SET name = $2, message = $3, updated_at = $4 WHERE id = $1', [p.id, p.name, p.message, p.now]);
}

export async function setTemplateVersionTemplate(q: Queryable, id: string, templateId: string, now: Date): Promise<void> {
  await q.query('UPDATE template_versions SET template_id = $2, updated_at = $3 WHERE id = $1', [id, templateId, now]);
}

export async function setTemplateVersionReadme(q: Queryable, id: string, readme: string, now: Date): Promise<void> {
  await q.query('UPDATE template_versions SET readme = $2, updated_at = $3 WHERE id = $1', [id, readme, now]);
}

export async function setTemplateVersionExternalAuth(
  q: Queryable,
  id: string,
  providers: Array<{ id: string; optional: boolean }>,
): Promise<void> {
  await q.query('UPDATE template_versions SET external_auth_providers = $2 WHERE id = $1', [id, JSON.stringify(providers)]);
}

export interface TemplateVersionParameterRow {
  template_version_id: string;
  position: number;
  name: string;
  display_name: string;
  description: string;
  type: string;
  mutable: boolean;
  default_value: string;
  icon: string;
  options: Array<{ name: string; description: string; value: string; icon: string }>;
  validation_regex: string;
  validation_error: string;
  validation_min: number | null;
  validation_max: number | null;
  validation_monotonic: string;
  required: boolean;
  display_order: number;
  ephemeral: boolean;
  form_type: number;
}

export async function insertTemplateVersionParameters(q: Queryable, versionId: string, params: RichParameter[]): Promise<void> {
  for (const [i, p] of params.entries()) {
    await q.query(
      `INSERT INTO template_version_parameters (template_version_id, position, name, display_name, description, type, mutable,
         default_value, icon, options, validation_regex, validation_error, validation_min, validation_max, validation_monotonic,
         required, display_order, ephemeral, form_type)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
      [
        versionId, i, p.name, p.displayName, p.description, p.type, p.mutable, p.defaultValue, p.icon, JSON.stringify(p.options),
        p.validationRegex, p.validationError, p.validationMin ?? null, p.validationMax ?? null, p.validationMonotonic, p.required,
        p.order, p.ephemeral, p.formType,
      ],
    );
  }
}

/** Parameters in display order: `order`, then the order the template declared them. */
export async function listTemplateVersionParameters(q: Queryable, versionId: string): Promise<TemplateVersionParameterRow[]> {
  const { rows } = await q.query<TemplateVersionParameterRow>(
    'SELECT * FROM template_version_parameters WHERE template_version_id = $1 ORDER BY display_order, position',
    [versionId],
  );
  return rows;
}

export interface TemplateVersionVariableRow {
  template_version_id: string;
  position: number;
  name: string;
  description: string;
  type: 'string' | 'number' | 'bool';
  value: string;
  default_value: string;
  required: boolean;
  sensitive: boolean;
}

export async function replaceTemplateVersionVariables(
  q: Queryable,
  versionId: string,
  vars: Array<Omit<TemplateVersionVariableRow, 'template_version_id' | 'position'>>,
): Promise<void> {
  await q.query('DELETE FROM template_version_variables WHERE template_version_id = $1', [versionId]);
  for (const [i, v] of vars.entries()) {
    await q.query(
      `INSERT INTO template_version_variables (template_version_id, position, name, description, type, value, default_value, required, sensitive)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [versionId, i, v.name, v.description, v.type, v.value, v.default_value, v.required, v.sensitive],
    );
  }
}

export async function listTemplateVersionVariables(q: Queryable, versionId: string): Promise<TemplateVersionVariableRow[]> {
  const { rows } = await q.query<TemplateVersionVariableRow>(
    'SELECT * FROM template_version_variables WHERE template_version_id = $1 ORDER BY position',
    [versionId],
  );
  return rows;
}

/** The `coder_workspace_tags` values the version's import reported. */
export async function setTemplateVersionWorkspaceTags(q: Queryable, id: string, tags: Record<string, string>): Promise<void> {
  await q.query('UPDATE template_versions SET workspace_tags = $2 WHERE id = $1', [id, JSON.stringify(tags)]);
}

export async function getTemplateVersionWorkspaceTags(q: Queryable, id: string): Promise<Record<string, string>> {
  const { rows } = await q.query<{ workspace_tags: Record<string, string> }>('SELECT workspace_tags FROM template_versions WHERE id = $1', [id]);
  return rows[0]?.workspace_tags ?? {};
}

/** The version of the same template created just before this one. */
export async function getPreviousTemplateVersion(q: Queryable, version: { template_id: string | null; created_at: Date; id: string }): Promise<TemplateVersionView | undefined> {
  if (!version.template_id) return undefined;
  const { rows } = await q.query<TemplateVersionView>(
    `${VIEW} WHERE v.template_id = $1 AND (v.created_at, v.id) < ($2, $3) ORDER BY v.created_at DESC, v.id DESC LIMIT 1`,
    [version.template_id, version.created_at, version.id],
  );
  return rows[0];
}

/**
 * Archives the template's versions that nothing uses (Coder's ArchiveUnusedTemplateVersions): not
 * the active version, not the version of any workspace's latest build, not one still importing;
 * only `versionId` when given, only failed imports when `failedOnly`. Answers the ids archived.
 */
export async function archiveUnusedTemplateVersions(
  q: Queryable,
  p: { templateId: string; versionId?: string; failedOnly: boolean; now: Date },
): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE template_versions v SET archived = true, updated_at = $4
     FROM provisioner_jobs j, templates t
     WHERE v.template_id = $1 AND ($2::uuid IS NULL OR v.id = $2) AND NOT v.archived
       AND j.id = v.job_id AND t.id = v.template_id AND t.active_version_id <> v.id
       AND j.job_status NOT IN ('pending', 'running') AND (NOT $3 OR j.job_status = 'failed')
       AND NOT EXISTS (
         SELECT 1 FROM workspaces w
         JOIN LATERAL (SELECT b.template_version_id FROM workspace_builds b WHERE b.workspace_id = w.id ORDER BY b.build_number DESC LIMIT 1) lb ON true
         WHERE NOT w.deleted AND lb.template_version_id = v.id
       )
     RETURNING v.id`,
    [p.templateId, p.versionId ?? null, p.failedOnly, p.now],
  );
  return rows.map((r) => r.id);
}

export async function unarchiveTemplateVersion(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query('UPDATE template_versions SET archived = false, updated_at = $2 WHERE id = $1', [id, now]);
}
