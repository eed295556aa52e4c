/**
 * The API rate limit (`--api-rate-limit`, Coder's httpmw.RateLimit): at most N requests per
 * minute per caller and endpoint, the caller being the authenticated user or else the client
 * address. Workspace agents and provisioner daemons are not limited; nor is anything outside
 * `/api/` (the dashboard's files). An owner may skip the limit with `X-Coder-Bypass-Ratelimit: true`.
 */
import { BYPASS_RATELIMIT_HEADER } from '@warren/sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../clock';
import type { ServerContext } from '../context';
import { ApiError } from './errors';

const WINDOW_MS = 60_000;
const MAX_KEYS = 100_000;

/** Counts hits per key in a window that starts at the key's first hit. */
export class WindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly clock: Clock,
    readonly limit: number,
    readonly windowMs = WINDOW_MS,
  ) {}

  /** Counts a hit; answers 0 when allowed, or the milliseconds until the key's window ends. */
  hit(key: string): number {
    const now = this.clock().getTime();
    let entry = this.windows.get(key);
    if (!entry || now - entry.start >= this.windowMs) {
      if (this.windows.size >= MAX_KEYS) this.sweep(now);
      entry = { start: now, count: 0 };
      this.windows.set(key, entry);
    }
    entry.count++;
    return entry.count > this.limit ? entry.start + this.windowMs - now : 0;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.windows) if (now - entry.start >= this.windowMs) this.windows.delete(key);
    if (this.windows.size >= MAX_KEYS) this.windows.clear();
  }
}

/** Routes whose callers are machines the deployment runs: agents and provisioner daemons. */
export function isExemptFromRateLimit(url: string): boolean {
  const path = url.split('?')[0]!;
  return path.startsWith('/api/v2/workspaceagents/me/') || /^\/api\/v2\/organizations\/[^/]+\/provisionerdaemons\/serve$/.test(path);
}

function bypassRequested(req: FastifyRequest): boolean {
  const value = req.headers[BYPASS_RATELIMIT_HEADER.toLowerCase()];
  return typeof value === 'string' && ['1', 't', 'true'].includes(value.toLowerCase());
}

/** Installs the limit after authentication (a preHandler added after the authenticating one). */
export function installApiRateLimit(app: FastifyInstance, ctx: ServerContext): void {
  const limit = ctx.security.apiRateLimit;
  if (limit <= 0) return;
  const counter = new WindowCounter(ctx.clock, limit);
  app.addHook('preHandler', async (req, reply) => {
    if (req.is404 || !req.url.startsWith('/api/') || isExemptFromRateLimit(req.url)) return;
    if (bypassRequested(req)) {
      if (req.actor?.siteRoles.includes('owner')) return;
      throw new ApiError('precondition_failed', `"${BYPASS_RATELIMIT_HEADER}" provided but user is not owner.`);
    }
    const caller = req.actor ? `user:${req.actor.userId}` : `ip:${req.ip}`;
    const waitMs = counter.hit(`${caller} ${req.url.split('?')[0]}`);
    if (waitMs > 0) {
      reply.header('Retry-After', String(Math.max(1, Math.ceil(waitMs / 1000))));
      throw new ApiError('too_many_requests', `You've been rate limited for sending more than ${limit} requests in 1m0s.`);
    }
  });
}
