import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { VERSION } from '../version';
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

/** The migration files in order, `NNNN_name.sql`. */
export const listMigrations = migrationFiles;

/**
 * Applies every `migrations/NNNN_name.sql` not yet recorded, in one transaction (`upTo` stops after
 * that version). Refuses a database that a newer server has migrated past the newest file here.
 */
export async function migrate(db: Database, log: Logger, options: { upTo?: number } = {}): Promise<number> {
  const files = await migrationFiles();
  const newest = files.length > 0 ? Number(files[files.length - 1]!.slice(0, 4)) : 0;
  return db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await q.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const recorded = (await q.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version')).rows;
    const latest = recorded[recorded.length - 1];
    if (latest && latest.version > newest) {
      throw new Error(
        `The database schema is at version ${latest.version} (${latest.name}), newer than this Warren server ${VERSION} supports ` +
          `(schema version ${newest}): run the Warren release that migrated it, or restore a backup taken before the upgrade.`,
      );
    }
    const done = new Set(recorded.map((r) => r.version));
    let applied = 0;
    for (const file of files) {
      const version = Number(file.slice(0, 4));
      if (options.upTo !== undefined && version > options.upTo) break;
      if (done.has(version)) continue;
      await q.query(await readFile(path.join(MIGRATIONS_DIR, file), 'utf8'));
      await q.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [version, file]);
      log.info({ migration: file }, 'applied migration');
      applied++;
    }
    return applied;
  });
}
