import type { Queryable } from '../database';

export interface GitSshKeyRow {
  user_id: string;
  created_at: Date;
  updated_at: Date;
  private_key: string;
  public_key: string;
}

export interface GitSshKeyPair {
  privateKey: string;
  publicKey: string;
}

export async function getGitSshKey(q: Queryable, userId: string): Promise<GitSshKeyRow | undefined> {
  const { rows } = await q.query<GitSshKeyRow>('SELECT * FROM gitsshkeys WHERE user_id = $1', [userId]);
  return rows[0];
}

/** Stores a key unless the user already has one; answers the key the user has afterwards. */
export async function insertGitSshKeyIfMissing(q: Queryable, userId: string, key: GitSshKeyPair, now: Date): Promise<GitSshKeyRow> {
  await q.query(
    `INSERT INTO gitsshkeys (user_id, created_at, updated_at, private_key, public_key)
     VALUES ($1, $2, $2, $3, $4) ON CONFLICT (user_id) DO NOTHING`,
    [userId, now, key.privateKey, key.publicKey],
  );
  return (await getGitSshKey(q, userId))!;
}

/** Replaces the user's key (creating it if the user had none). */
export async function upsertGitSshKey(q: Queryable, userId: string, key: GitSshKeyPair, now: Date): Promise<GitSshKeyRow> {
  const { rows } = await q.query<GitSshKeyRow>(
    `INSERT INTO gitsshkeys (user_id, created_at, updated_at, private_key, public_key)
     VALUES ($1, $2, $2, $3, $4)
     ON CONFLICT (user_id) DO UPDATE SET updated_at = $2, private_key = $3, public_key = $4
     RETURNING *`,
    [userId, now, key.privateKey, key.publicKey],
  );
  return rows[0]!;
}
