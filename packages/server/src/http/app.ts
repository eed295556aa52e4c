import fastifyCookie from '@fastify/cookie';
import fastifyWebsocket from '@fastify/websocket';
import { BUILD_VERSION_HEADER } from '@warren/sdk';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, type FastifyServerFactory } from 'fastify';
import { authenticateToken, tokenFromRequest } from '../auth/authenticate';
import type { Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import { installBodyParsers } from './body-parsers';
import { installErrorHandlers } from './error-handler';
import { installApiRateLimit } from './rate-limit';
import { redactUrl } from './redact';
import { installRequestScope, newRequestId, REQUEST_ID_LOG_KEY } from './request-scope';
import { installCsrfProtection, installSecurityHeaders } from './security';

/** One served route, as registered (`:name` parameters, `*` wildcards). */
export interface RouteEntry {
  method: string;
  url: string;
  public: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the server serves, HEAD excepted: for tests that cover every route. */
    routeTable: RouteEntry[];
  }
  interface FastifyRequest {
    actor?: Actor;
  }
  interface FastifyContextConfig {
    /** Routes that answer without a session (login, first user, build info). */
    public?: boolean;
  }
}

export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** Query parameters as Coder (Go's `Query().Get`) reads them: a repeated key keeps its first value. */
export function firstValues(query: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query)) if (!(key in out)) out[key] = value;
  return out;
}

/** Builds the HTTP application: shared hooks, authentication and error mapping; domains add routes. */
export async function createHttpApp(ctx: ServerContext, serverFactory?: FastifyServerFactory): Promise<FastifyInstance> {
  const app = Fastify({
    serverFactory,
    loggerInstance: ctx.log.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: MAX_JSON_BODY_BYTES,
    trustProxy: false,
    genReqId: newRequestId,
    // One line per request, at debug as Coder logs them (below), in place of Fastify's two at info.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: REQUEST_ID_LOG_KEY }),
    routerOptions: { ignoreTrailingSlash: true, querystringParser: firstValues },
  });
  installRequestScope(app);
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url, public: !!(route.config as { public?: boolean } | undefined)?.public });
    }
  });
  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 1024 * 1024 }, preClose: closeWebSocketsWithReason });
  installErrorHandlers(app);
  installBodyParsers(app, MAX_JSON_BODY_BYTES);

  app.addHook('onSend', async (_req, reply) => {
    reply.header(BUILD_VERSION_HEADER, ctx.version);
  });
  installSecurityHeaders(app, ctx);
  installCsrfProtection(app, ctx);
  app.addHook('onResponse', async (req, reply) => {
    req.log.debug({ method: req.method, url: redactUrl(req.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  app.addHook('preHandler', async (req) => {
    if (req.is404 || req.routeOptions.config.public || !req.url.startsWith('/api/')) return;
    req.actor = await authenticateToken(ctx, tokenFromRequest(req));
  });
  installApiRateLimit(app, ctx);
  return app;
}

/** The authenticated actor of a request on a non-public route. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new Error(`route ${req.routeOptions.url} is public but asked for an actor`);
  return req.actor;
}

/**
 * On shutdown every open WebSocket (log followers, daemons, agents, terminals) is closed with
 * 1001 and a sentence, where the plugin's default would close them without a code (1005).
 */
async function closeWebSocketsWithReason(this: FastifyInstance): Promise<void> {
  for (const client of this.websocketServer.clients) client.close(1001, 'The server is shutting down.');
  // Not awaited: the close event waits for every client's handshake, as the plugin's default does not.
  this.websocketServer.close();
}
