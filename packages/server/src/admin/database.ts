/**
 * Direct access to a deployment's database for administration without the API (a locked-out
 * owner): a PostgreSQL URL, or the built-in database of a config folder. A built-in database that
 * is already running (its server is up) is joined where it listens; one that is not running is
 * started for the command and stopped afterwards.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { Database } from '../db/database';
import { startEmbeddedPostgres } from '../db/embedded';
import { migrate, pendingMigrations } from '../db/migrate';
import { isRunning } from '../db/stale-postmaster';

export interface AdminDatabase {
  db: Database;
  /** Says which database this is, for the user. */
  description: string;
  close(): Promise<void>;
}

export interface AdminDatabaseOptions {
  /** A PostgreSQL URL; when absent the built-in database of `configDir` is used. */
  postgresUrl?: string;
  configDir: string;
  /** Apply pending migrations (true) or refuse to work on a database that needs them (false). */
  migrate: boolean;
  log?: Logger;
}


/** The URL of the built-in database when its PostgreSQL runs (its postmaster.pid names pid and port). */
async function runningEmbeddedUrl(root: string): Promise<string | undefined> {
  const pidFile = await readFile(path.join(root, 'data', 'postmaster.pid'), 'utf8').catch(() => undefined);
  if (!pidFile) return undefined;
  const lines = pidFile.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!(pid > 0) || !isRunning(pid) || !(port > 0)) return undefined;
  const password = (await readFile(path.join(root, 'password'), 'utf8')).trim();
  return `postgres://warren:${encodeURIComponent(password)}@127.0.0.1:${port}/warren`;
}

async function connect(url: string, description: string, close: () => Promise<void>, opts: AdminDatabaseOptions, log: Logger): Promise<AdminDatabase> {
  const db = new Database(url, log, 2);
  const closeAll = async () => {
    await db.close().catch(() => undefined);
    await close();
  };
  try {
    await db.query('SELECT 1');
    if (opts.migrate) {
      await migrate(db, log);
    } else {
      const pending = await pendingMigrations(db);
      if (pending.length) {
        throw new Error(`The database needs ${pending.length} migration(s) (${pending.join(', ')}): start a Warren server of this version against it once, then try again.`);
      }
    }
  } catch (err) {
    await closeAll();
    if (err instanceof Error && /ECONNREFUSED|ENOTFOUND|password authentication|does not exist/.test(err.message)) {
      throw new Error(`Could not connect to ${description}: ${err.message}`);
    }
    throw err;
  }
  return { db, description, close: closeAll };
}

export async function openAdminDatabase(opts: AdminDatabaseOptions): Promise<AdminDatabase> {
  const log = opts.log ?? pino({ level: 'silent' });
  if (opts.postgresUrl) {
    let redacted: string;
    try {
      const u = new URL(opts.postgresUrl);
      u.password = u.password ? '***' : '';
      redacted = u.toString();
    } catch {
      throw new Error('--postgres-url is not a URL: use the form postgres://user:password@host:5432/database.');
    }
    return connect(opts.postgresUrl, `the PostgreSQL database at ${redacted}`, async () => undefined, opts, log);
  }
  const root = path.join(path.resolve(opts.configDir), 'postgres');
  if (!existsSync(path.join(root, 'data', 'PG_VERSION'))) {
    throw new Error(`There is no built-in database in ${root}. Pass --postgres-url (or CODER_PG_CONNECTION_URL) for an external database, or --global-config for the folder the server uses.`);
  }
  const running = await runningEmbeddedUrl(root);
  if (running) return connect(running, `the running built-in PostgreSQL in ${root}`, async () => undefined, opts, log);
  const embedded = await startEmbeddedPostgres(path.resolve(opts.configDir), log);
  return connect(embedded.url, `the built-in PostgreSQL in ${root}`, () => embedded.close(), opts, log);
}
