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
