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
import { TokenCipher } from './db/token-cipher';
import { reencryptTokensAtStart } from './externalauth/reencrypt';
import { WildcardHost } from './apps/app-url';
import { createHttpApp } from './http/app';
import { closeServer, installAccessUrlRedirect, listen, listenerUrl, relayServer, serverFactoryFor } from './http/listeners';
import { startBuiltInProvisionerDaemons, type DaemonLoopFactory } from './jobs/built-in-daemons';
import { JobReaper } from './jobs/reaper';
import { serveMetrics } from '@warren/node-kit/metrics-endpoint';
import { installHttpMetrics, ServerMetrics } from './metrics/metrics';
import { registerRoutes } from './routes';
import { AutobuildExecutor } from './schedules/autobuild-executor';
import { registerSite } from './site/serve';
import { VERSION } from './version';

export interface RunningServer {
  /** Where the HTTP listener is bound (the HTTPS one when only TLS is served). */
  url: URL;
  /** Where the HTTPS listener is bound, with `--tls-enable`. */
  tlsUrl?: URL;
  accessUrl: URL;
  ctx: ServerContext;
  app: FastifyInstance;
  /** Fails jobs whose daemon went silent; runs periodically, callable directly in tests. */
  jobReaper: JobReaper;
  /** Starts and stops workspaces on their schedules; runs periodically, callable directly in tests. */
  autobuild: AutobuildExecutor;
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
    const tokenCipher = new TokenCipher(config.tokenEncryptionKeys);
    await reencryptTokensAtStart(db, tokenCipher, log);
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
      security: config.security,
      oidc: config.oidc,
      externalAuth: config.externalAuth,
      tokenCipher,
      allowWorkspaceRenames: config.allowWorkspaceRenames,
    };
    const app = await createHttpApp(ctx, serverFactoryFor(config));
    installHttpMetrics(app, ctx.metrics!);
    registerRoutes(app, ctx);
    registerSite(app, config.siteDir);
    // The listeners; closed first on shutdown (see below).
    const frontDoor: Array<() => Promise<void>> = [() => app.close()];
    closers.push(frontDoor[0]!);
    await app.ready();
    if (config.security.redirectToAccessUrl) {
      const wildcard = config.apps.wildcardHost ? new WildcardHost(config.apps.wildcardHost) : undefined;
      installAccessUrlRedirect(app.server, () => ctx.accessUrl, (host) => wildcard?.match(host) !== undefined);
    }
    // The app's own server listens on the TLS address when TLS is on; plain HTTP then relays to it.
    let httpUrl: URL | undefined;
    let tlsUrl: URL | undefined;
    if (config.tls) {
      tlsUrl = listenerUrl('https', config.tls.address.host, await listenApp(app, config.tls.address));
      if (config.httpAddress) {
        const relay = relayServer(app);
        frontDoor.push(() => closeServer(relay));
        closers.push(frontDoor[1]!);
        httpUrl = listenerUrl('http', config.httpAddress.host, await listen(relay, config.httpAddress));
      }
    } else {
      const address = config.httpAddress!;
      httpUrl = listenerUrl('http', address.host, await listenApp(app, address));
    }
    const url = httpUrl ?? tlsUrl!;
    // An access URL derived from port 0 follows the port actually bound.
    const accessUrl = config.accessUrl.port === '0' ? (config.accessUrl.protocol === 'https:' && tlsUrl ? tlsUrl : url) : config.accessUrl;
    ctx.accessUrl = accessUrl;

    if (config.prometheusAddress) {
      const metrics = await serveMetrics(ctx.metrics!.registry, config.prometheusAddress, log.child({ component: 'prometheus' }));
      closers.push(() => metrics.close());
    }
    const jobReaper = new JobReaper(ctx, { hangTimeoutMs: options.jobHangTimeoutMs ?? config.jobHangTimeoutMs });
    jobReaper.start();
    closers.push(() => jobReaper.close());
    const autobuild = new AutobuildExecutor(ctx, config.autobuildPollIntervalMs);
    autobuild.start();
    closers.push(() => autobuild.close());
    startProvisionerDaemons(ctx, config.provisionerDaemons, options.provisionerDaemonLoop, closers);
    // Shutting down, the listeners close first (no new requests; agents, streams and daemons are
    // told why), then the built-in daemons finish or hand back their jobs.
    for (const fn of frontDoor) closers.push(...closers.splice(closers.indexOf(fn), 1));
    return { url, tlsUrl, accessUrl, ctx, app, jobReaper, autobuild, close };
  } catch (err) {
    await close();
    throw err;
  }
}

async function listenApp(app: FastifyInstance, address: { host: string; port: number }): Promise<number> {
  await app.listen({ host: address.host, port: address.port });
  const bound = app.server.address();
  return typeof bound === 'object' && bound ? bound.port : address.port;
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
