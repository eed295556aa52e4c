import type { Queryable } from '../database';

export async function getSiteConfig(q: Queryable, key: string): Promise<string | undefined> {
  const { rows } = await q.query<{ value: string }>('SELECT value FROM site_configs WHERE key = $1', [key]);
  return rows[0]?.value;
}

/** Stores `value` unless the key is already set; returns the value in effect. */
export async function ensureSiteConfig(q: Queryable, key: string, value: string): Promise<string> {
  await q.query('INSERT INTO site_configs (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value]);
  return (await getSiteConfig(q, key))!;
}

/** Stores `value`, replacing what the key held. */
export async function setSiteConfig(q: Queryable, key: string, value: string): Promise<void> {
  await q.query('INSERT INTO site_configs (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value', [key, value]);
}
