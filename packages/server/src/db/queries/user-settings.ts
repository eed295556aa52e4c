import type { Queryable } from '../database';

export interface UserAppearanceRow {
  theme_preference: string;
  terminal_font: string;
}

export async function getUserAppearance(q: Queryable, userId: string): Promise<UserAppearanceRow | undefined> {
  const { rows } = await q.query<UserAppearanceRow>('SELECT theme_preference, terminal_font FROM users WHERE id = $1', [userId]);
  return rows[0];
}

export async function updateUserAppearance(q: Queryable, userId: string, s: UserAppearanceRow & { now: Date }): Promise<UserAppearanceRow> {
  const { rows } = await q.query<UserAppearanceRow>(
    'UPDATE users SET theme_preference = $2, terminal_font = $3, updated_at = $4 WHERE id = $1 RETURNING theme_preference, terminal_font',
    [userId, s.theme_preference, s.terminal_font, s.now],
  );
  return rows[0]!;
}

/** Sets a user's username and name; a taken username raises a unique violation. */
export async function updateUserProfile(q: Queryable, userId: string, p: { username: string; name: string; now: Date }): Promise<void> {
  await q.query('UPDATE users SET username = $2, name = $3, updated_at = $4 WHERE id = $1', [userId, p.username, p.name, p.now]);
}

/**
 * The latest value the user gave each (non-ephemeral) parameter in builds of their workspaces of
 * the template, newest first (Coder's GetUserWorkspaceBuildParameters).
 */
export async function listUserTemplateParameterValues(q: Queryable, userId: string, templateId: string): Promise<Array<{ name: string; value: string }>> {
  const { rows } = await q.query<{ name: string; value: string }>(
    `SELECT name, value FROM (
       SELECT DISTINCT ON (p.name) p.name, p.value, b.created_at
       FROM workspace_build_parameters p
       JOIN workspace_builds b ON b.id = p.workspace_build_id
       JOIN workspaces w ON w.id = b.workspace_id
       JOIN template_versions v ON v.id = b.template_version_id
       JOIN template_version_parameters tp ON tp.template_version_id = b.template_version_id AND tp.name = p.name
       WHERE w.owner_id = $1 AND v.template_id = $2 AND NOT tp.ephemeral
       ORDER BY p.name, b.created_at DESC
     ) latest ORDER BY created_at DESC, name LIMIT 100`,
    [userId, templateId],
  );
  return rows;
}
