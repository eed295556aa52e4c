import type { Queryable } from '../database';

export interface UserRow {
  id: string;
  email: string;
  username: string;
  name: string;
  hashed_password: string | null;
  login_type: string;
  status: string;
  rbac_roles: string[];
  avatar_url: string;
  theme_preference: string;
  created_at: Date;
  updated_at: Date;
  last_seen_at: Date;
  deleted: boolean;
}

export interface InsertUserParams {
  id: string;
  email: string;
  username: string;
  name: string;
  hashedPassword: string | null;
  loginType: string;
  status: string;
  rbacRoles: string[];
  now: Date;
}

export async function insertUser(q: Queryable, p: InsertUserParams): Promise<UserRow> {
  const { rows } = await q.query<UserRow>(
    `INSERT INTO users (id, email, username, name, hashed_password, login_type, status, rbac_roles,
                        created_at, updated_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $9) RETURNING *`,
    [p.id, p.email, p.username, p.name, p.hashedPassword, p.loginType, p.status, p.rbacRoles, p.now],
  );
  return rows[0]!;
}

export async function countUsers(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE NOT deleted');
  return rows[0]!.n;
}

export async function getUserById(q: Queryable, id: string): Promise<UserRow | undefined> {
  const { rows } = await q.query<UserRow>('SELECT * FROM users WHERE id = $1 AND NOT deleted', [id]);
  return rows[0];
}

export async function getUserByUsername(q: Queryable, username: string): Promise<UserRow | undefined> {
  const { rows } = await q.query<UserRow>('SELECT * FROM users WHERE lower(username) = lower($1) AND NOT deleted', [username]);
  return rows[0];
}

export async function getUserByEmail(q: Queryable, email: string): Promise<UserRow | undefined> {
  const { rows } = await q.query<UserRow>('SELECT * FROM users WHERE lower(email) = lower($1) AND NOT deleted', [email]);
  return rows[0];
}

export async function getUserByEmailOrUsername(q: Queryable, login: string): Promise<UserRow | undefined> {
  const { rows } = await q.query<UserRow>(
    'SELECT * FROM users WHERE (lower(email) = lower($1) OR lower(username) = lower($1)) AND NOT deleted ORDER BY lower(email) = lower($1) DESC LIMIT 1',
    [login],
  );
  return rows[0];
}

export interface UserFilter {
  search?: string;
  status?: string;
  role?: string;
  createdAfter?: Date;
  createdBefore?: Date;
  lastSeenAfter?: Date;
  lastSeenBefore?: Date;
  /** Only these users (what the caller may see); undefined means all. */
  ids?: string[];
  limit: number;
  offset: number;
}

function userFilterSql(f: UserFilter): { where: string; values: unknown[] } {
  const conds = ['NOT deleted'];
  const values: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    conds.push(sql.replaceAll('$?', `$${values.length}`));
  };
  if (f.search) add(`(username ILIKE '%' || $? || '%' OR email ILIKE '%' || $? || '%')`, f.search);
  if (f.status) add('status = $?', f.status);
  // Every user is a member, so `role:member` filters nothing.
  if (f.role && f.role !== 'member') add('$? = ANY (rbac_roles)', f.role);
  if (f.createdAfter) add('created_at >= $?', f.createdAfter);
  if (f.createdBefore) add('created_at <= $?', f.createdBefore);
  if (f.lastSeenAfter) add('last_seen_at >= $?', f.lastSeenAfter);
  if (f.lastSeenBefore) add('last_seen_at <= $?', f.lastSeenBefore);
  if (f.ids) add('id = ANY ($?::uuid[])', f.ids);
  return { where: conds.join(' AND '), values };
}

export async function listUsers(q: Queryable, f: UserFilter): Promise<{ rows: UserRow[]; count: number }> {
  const { where, values } = userFilterSql(f);
  const n = values.length;
  const { rows } = await q.query<UserRow & { total: number }>(
    `SELECT *, count(*) OVER ()::int AS total FROM users WHERE ${where}
     ORDER BY lower(username) LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...values, f.limit, f.offset],
  );
  if (rows.length > 0) return { rows, count: rows[0]!.total };
  const counted = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE ${where}`, values);
  return { rows, count: counted.rows[0]!.n };
}

export async function updateUserStatus(q: Queryable, id: string, status: string, now: Date): Promise<UserRow> {
  const { rows } = await q.query<UserRow>('UPDATE users SET status = $2, updated_at = $3 WHERE id = $1 RETURNING *', [id, status, now]);
  return rows[0]!;
}

export async function updateUserRoles(q: Queryable, id: string, roles: string[], now: Date): Promise<UserRow> {
  const { rows } = await q.query<UserRow>('UPDATE users SET rbac_roles = $2, updated_at = $3 WHERE id = $1 RETURNING *', [id, roles, now]);
  return rows[0]!;
}

export async function updateUserLastSeen(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query('UPDATE users SET last_seen_at = $2 WHERE id = $1', [id, now]);
}

export async function updateUserHashedPassword(q: Queryable, id: string, hashedPassword: string, now: Date): Promise<void> {
  await q.query('UPDATE users SET hashed_password = $2, updated_at = $3 WHERE id = $1', [id, hashedPassword, now]);
}

export async function updateUserName(q: Queryable, id: string, name: string, now: Date): Promise<UserRow> {
  const { rows } = await q.query<UserRow>('UPDATE users SET name = $2, updated_at = $3 WHERE id = $1 RETURNING *', [id, name, now]);
  return rows[0]!;
}

/** Moves a password account to another login type; its password goes, as in Coder. */
export async function convertUserLoginType(q: Queryable, id: string, loginType: string, now: Date): Promise<UserRow> {
  const { rows } = await q.query<UserRow>("UPDATE users SET login_type = $2, hashed_password = NULL, updated_at = $3 WHERE id = $1 RETURNING *", [id, loginType, now]);
  return rows[0]!;
}

/** Whether the user owns a workspace that is not deleted. */
export async function userHasWorkspaces(q: Queryable, userId: string): Promise<boolean> {
  const { rowCount } = await q.query('SELECT 1 FROM workspaces WHERE owner_id = $1 AND NOT deleted LIMIT 1', [userId]);
  return (rowCount ?? 0) > 0;
}

export async function markUserDeleted(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query('UPDATE users SET deleted = true, updated_at = $2 WHERE id = $1', [id, now]);
}
