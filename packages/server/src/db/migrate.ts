import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Database } from './database';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant: serialises concurrent migrators (two servers, parallel tests) on one database.
const MIGRATION_LOCK_KEY = 7_364_120_117;

async function migrationFiles(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
}

/** The migration files not yet applied to the database (all of them on an empty database). */
export async function pendingMigrations(db: Database): Promise<string[]> {
  const files = await migrationFiles();
  const table = await db.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  if (!table.rows[0]?.t) return files;
  const done = new Set((await db.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
  return files.filter((f) => !done.has(Number(f.slice(0, 4))));
}

/** Applies every `migrations/NNNN_name.sql` not yet recorded, each in its own transaction. */
export async function migrate(db: Database, log: Logger): Promise<number> {
  const files = await migrationFiles();
  return db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await q.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await q.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    let applied = 0;
    for (const file of files) {
      const version = Number(file.slice(0, 4));
      if (done.has(version)) continue;
      await q.query(await readFile(path.join(MIGRATIONS_DIR, file), 'utf8'));
      await q.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [version, file]);
      log.info({ migration: file }, 'applied migration');
      applied++;
    }
    return applied;
  });
}
