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
import { Pubsub } from './db/pubsub';
import { ensureSiteConfig } from './db/queries/site-configs';
import { createHttpApp } from './http/app';
import { startBuiltInProvisionerDaemons, type DaemonLoopFactory } from './jobs/built-in-daemons';
import { JobReaper } from './jobs/reaper';
import { serveMetrics } from '@warren/node-kit/metrics-endpoint';
import { installHttpMetrics, ServerMetrics } from './metrics/metrics';
import { registerRoutes } from './routes';
import { registerSite } from './site/serve';
import { VERSION } from './version';

export interface RunningServer {
  /** Where the HTTP listener is bound. */
  url: URL;
  accessUrl: URL;
  ctx: ServerContext;
  app: FastifyInstance;
  /** Fails jobs whose daemon went silent; runs periodically, callable directly in tests. */
  jobReaper: JobReaper;
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  /**
   * Starts the loop of one built-in provisioner daemon (packages/provisionerd). Without it,
   * `--provisioner-daemons` starts nothing and jobs wait for external daemons.
   */
  provisionerDaemonLoop?: DaemonLoopFactory;
  /** How long a running job may go without a daemon update before it is failed (default 90 s). */
  jobHangTimeoutMs?: number;
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
    const pubsub = new Pubsub(postgresUrl, log.child({ component: 'pubsub' }));
    closers.push(() => pubsub.close());

    const clock = options.clock ?? systemClock;
    const ctx: ServerContext = {
      db,
      pubsub,
      log,
      clock,
      accessUrl: config.accessUrl,
      version: VERSION,
      deploymentId: await ensureSiteConfig(db, 'deployment_id', randomUUID()),
      loginThrottle: new LoginThrottle(clock),
      sessionDurationMs: config.sessionDurationMs,
      maxTokenLifetimeMs: config.maxTokenLifetimeMs,
      defaultTokenLifetimeMs: config.defaultTokenLifetimeMs,
      provisionerDaemonPsk: config.provisionerDaemonPsk,
      metrics: new ServerMetrics(),
      sshHostnamePrefix: config.sshHostnamePrefix,
      workspaceHostnameSuffix: config.workspaceHostnameSuffix,
      optionValues: config.optionValues,
      apps: config.apps,
    };
    const app = await createHttpApp(ctx);
    installHttpMetrics(app, ctx.metrics!);
    registerRoutes(app, ctx);
    registerSite(app, config.siteDir);
    closers.push(() => app.close());
    await app.listen({ host: config.httpAddress.host, port: config.httpAddress.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.httpAddress.port;
    const host = config.httpAddress.host.includes(':') ? `[${config.httpAddress.host}]` : config.httpAddress.host;
    const url = new URL(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`);
    // An access URL derived from port 0 follows the port actually bound.
    const accessUrl = config.accessUrl.port === '0' ? url : config.accessUrl;
    ctx.accessUrl = accessUrl;

    if (config.prometheusAddress) {
      const metrics = await serveMetrics(ctx.metrics!.registry, config.prometheusAddress, log.child({ component: 'prometheus' }));
      closers.push(() => metrics.close());
    }
    const jobReaper = new JobReaper(ctx, { hangTimeoutMs: options.jobHangTimeoutMs ?? config.jobHangTimeoutMs });
    jobReaper.start();
    closers.push(() => jobReaper.close());
    startProvisionerDaemons(ctx, config.provisionerDaemons, options.provisionerDaemonLoop, closers);
    return { url, accessUrl, ctx, app, jobReaper, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** `--provisioner-daemons N`: the built-in daemons, once a daemon loop is supplied. */
function startProvisionerDaemons(
  ctx: ServerContext,
  count: number,
  loop: DaemonLoopFactory | undefined,
  closers: Array<() => Promise<void>>,
): void {
  if (count === 0) return;
  if (!loop) {
    ctx.log.warn({ count }, 'no provisioner daemon loop is available; jobs wait for external provisioner daemons');
    return;
  }
  const daemons = startBuiltInProvisionerDaemons(ctx, count, loop);
  closers.push(() => daemons.close());
}
