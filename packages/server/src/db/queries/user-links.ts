import type { Queryable } from '../database';
import type { UserRow } from './users';

/** The live user linked to `linkedId` of the provider `loginType`. */
export async function getUserByLink(q: Queryable, loginType: 'oidc', linkedId: string): Promise<UserRow | undefined> {
  const { rows } = await q.query<UserRow>(
    `SELECT u.* FROM user_links l JOIN users u ON u.id = l.user_id
     WHERE l.login_type = $1 AND l.linked_id = $2 AND NOT u.deleted`,
    [loginType, linkedId],
  );
  return rows[0];
}

/** Links the user to the provider's account (replacing an older link of the same provider). */
export async function upsertUserLink(q: Queryable, userId: string, loginType: 'oidc', linkedId: string, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO user_links (user_id, login_type, linked_id, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id, login_type) DO UPDATE SET linked_id = EXCLUDED.linked_id`,
    [userId, loginType, linkedId, now],
  );
}

export async function deleteUserLinks(q: Queryable, userId: string): Promise<void> {
  await q.query('DELETE FROM user_links WHERE user_id = $1', [userId]);
}
