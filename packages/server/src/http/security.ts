/**
 * Browser-facing protections on every response the router serves (workspace apps are served
 * before the router, by the app proxy, and keep their own headers as Coder's apps do):
 * `X-Content-Type-Options`, `X-Frame-Options`, `Referrer-Policy`, `Strict-Transport-Security`
 * over TLS, and the cross-site request check on mutations authenticated only by the session cookie.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { SESSION_TOKEN_COOKIE, SESSION_TOKEN_HEADER, SESSION_TOKEN_QUERY } from '@warren/sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SecurityConfig } from '../config/options';
import type { ServerContext } from '../context';
import { ApiError } from './errors';

/** Whether a request arrived over the TLS listener. */
export function isOverTls(req: IncomingMessage): boolean {
  return (req.socket as Partial<TLSSocket>).encrypted === true;
}

/** `Strict-Transport-Security`'s value, or undefined when it is not sent. */
export function strictTransportSecurity(security: SecurityConfig): string | undefined {
  if (security.strictTransportSecurity <= 0) return undefined;
  return [`max-age=${security.strictTransportSecurity}`, ...security.strictTransportSecurityOptions].join('; ');
}

export function installSecurityHeaders(app: FastifyInstance, ctx: ServerContext): void {
  const hsts = strictTransportSecurity(ctx.security);
  app.addHook('onSend', async (req, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    if (!reply.hasHeader('X-Frame-Options')) reply.header('X-Frame-Options', 'DENY');
    if (!reply.hasHeader('Referrer-Policy')) reply.header('Referrer-Policy', 'same-origin');
    if (hsts && isOverTls(req.raw)) reply.header('Strict-Transport-Security', hsts);
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origins the dashboard is served from: the access URL's and the one this request addressed. */
function ownOrigins(ctx: ServerContext, req: FastifyRequest): string[] {
  const origins = [ctx.accessUrl.origin];
  const host = req.headers.host;
  if (host) origins.push(`${isOverTls(req.raw) ? 'https' : 'http'}://${host}`.toLowerCase());
  return origins;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Whether a request authenticated by the session cookie alone provably comes from this
 * deployment's own pages: its `Origin` (or, without one, `Sec-Fetch-Site` or `Referer`) says so.
 */
function fromOwnOrigin(ctx: ServerContext, req: FastifyRequest): boolean {
  const own = ownOrigins(ctx, req).map((o) => o.toLowerCase());
  const origin = req.headers.origin;
  if (origin !== undefined) return own.includes(origin.toLowerCase());
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin';
  const referer = req.headers.referer;
  return referer !== undefined && own.includes(originOf(referer) ?? '');
}

/** Whether a request could be a cross-site forgery: a mutation whose only credential is the cookie. */
export function needsOriginCheck(req: FastifyRequest): boolean {
  if (SAFE_METHODS.has(req.method) || !req.url.startsWith('/api/')) return false;
  const cookie = req.cookies?.[SESSION_TOKEN_COOKIE];
  if (!cookie) return false;
  // A custom header cannot be added by a cross-site form or a simple request: the caller holds a token.
  const header = req.headers[SESSION_TOKEN_HEADER.toLowerCase()];
  if (typeof header === 'string' && header !== '') return false;
  const query = (req.query as Record<string, unknown> | undefined)?.[SESSION_TOKEN_QUERY];
  return !(typeof query === 'string' && query === cookie);
}

/** Refuses cookie-authenticated mutations from other origins (Coder refuses them without its CSRF token). */
export function installCsrfProtection(app: FastifyInstance, ctx: ServerContext): void {
  app.addHook('onRequest', async (req) => {
    if (!needsOriginCheck(req) || fromOwnOrigin(ctx, req)) return;
    throw new ApiError(
      'forbidden',
      'Cross-site request refused: a change authenticated only by the session cookie must come from this deployment\'s own pages.',
      `Origin "${req.headers.origin ?? '(none)'}" is not ${ctx.accessUrl.origin}. Programs should send the token in the ${SESSION_TOKEN_HEADER} header.`,
    );
  });
}
