import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { LoginThrottle } from './auth/login-throttle';
import { systemClock, type Clock } from './clock';
import type { ServerConfig } from './config/options';
import type { ServerContext } from './context';
import { Database } from './db/database';
import { startEmbeddedPostgres } from './db/embedded';
import { migrate } from './db/migrate';
import { ensureSiteConfig } from './db/queries/site-configs';
import { createHttpApp } from './http/app';
import { registerRoutes } from './routes';
import { VERSION } from './version';

export interface RunningServer {
  /** Where the HTTP listener is bound. */
  url: URL;
  accessUrl: URL;
  ctx: ServerContext;
  app: FastifyInstance;
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
}

/** config → database → migrations → HTTP app → listen. `close()` undoes each step in reverse. */
export async function startServer(config: ServerConfig, log: Logger, options: StartOptions = {}): Promise<RunningServer> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const fn of closers.reverse()) {
      await fn().catch((err: unknown) => log.error({ err }, 'shutdown step failed'));
    }
  };
  try {
    await mkdir(config.configDir, { recursive: true });
    let postgresUrl = config.postgresUrl;
    if (!postgresUrl) {
      const embedded = await startEmbeddedPostgres(config.configDir, log.child({ component: 'postgres' }));
      closers.push(() => embedded.close());
      postgresUrl = embedded.url;
    }
    const db = new Database(postgresUrl, log.child({ component: 'db' }));
    closers.push(() => db.close());
    await migrate(db, log.child({ component: 'migrate' }));

    const clock = options.clock ?? systemClock;
    const ctx: ServerContext = {
      db,
      log,
      clock,
      accessUrl: config.accessUrl,
      version: VERSION,
      deploymentId: await ensureSiteConfig(db, 'deployment_id', randomUUID()),
      loginThrottle: new LoginThrottle(clock),
      sessionDurationMs: config.sessionDurationMs,
      maxTokenLifetimeMs: config.maxTokenLifetimeMs,
      defaultTokenLifetimeMs: config.defaultTokenLifetimeMs,
    };
    const app = await createHttpApp(ctx);
    registerRoutes(app, ctx);
    closers.push(() => app.close());
    await app.listen({ host: config.httpAddress.host, port: config.httpAddress.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.httpAddress.port;
    const host = config.httpAddress.host.includes(':') ? `[${config.httpAddress.host}]` : config.httpAddress.host;
    const url = new URL(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`);
    // An access URL derived from port 0 follows the port actually bound.
    const accessUrl = config.accessUrl.port === '0' ? url : config.accessUrl;
    ctx.accessUrl = accessUrl;
    return { url, accessUrl, ctx, app, close };
  } catch (err) {
    await close();
    throw err;
  }
}
