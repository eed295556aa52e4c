/**
 * The workspace app proxy: requests and WebSocket upgrades for path apps
 * (`/@user/workspace[.agent]/apps/slug/...`) and subdomain apps (hosts under the wildcard) are
 * authorized, then carried to the app through the agent. A signed app token (cookie
 * `coder_signed_app_token`) records each decision for a minute and is checked on every request
 * and upgrade; without a valid one, the request's session decides again.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { SESSION_TOKEN_COOKIE, SESSION_TOKEN_HEADER, SESSION_TOKEN_QUERY } from '@warren/sdk';
import type { Logger } from 'pino';
import { AgentUnavailableError, StreamDialError, type AgentConnections } from '../agents/connections';
import { authenticateToken } from '../auth/authenticate';
import { bumpWorkspaceLastUsed } from '../db/queries/workspace-agents';
import type { Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import { parsePathApp, parseSubdomain, looksLikePathApp, type WildcardHost, type PathAppRequest, type SubdomainAppRequest } from './app-url';
import {
  APP_CONNECT_KEY_QUERY,
  SIGNED_APP_TOKEN_COOKIE,
  SIGNED_APP_TOKEN_TTL_MS,
  SUBDOMAIN_APP_SESSION_COOKIE,
  type AppSecrets,
  type AppTokenPayload,
} from './app-token';
import { pages, sendErrorPage, type ErrorPage } from './pages';
import { parseCookies, serializeCookie, stripTokenQuery } from './request-headers';
import { resolveApp, type AppAddress } from './resolve';
import { forwardRequest, forwardUpgrade } from './forward';
import { refuseUpgrade } from '../http/upgrade-reply';
import { AppTransport } from './transport';

/** A request the proxy owns: a path app or a host under the wildcard. */
export type AppClaim =
  | { mode: 'path'; app: PathAppRequest }
  | { mode: 'subdomain'; label: string; app: SubdomainAppRequest | undefined };

/** What to do with a request once its address and credentials are checked. */
type Decision =
  | { kind: 'proxy'; token: AppTokenPayload; setCookies: string[] }
  | { kind: 'redirect'; location: string; status: number; setCookies?: string[] }
  | { kind: 'page'; page: ErrorPage }
  | { kind: 'unauthorized' };

export class AppProxy {
  readonly transport: AppTransport;
  private readonly log: Logger;
  private readonly sockets = new Set<Duplex>();

  constructor(
    private readonly ctx: ServerContext,
    private readonly conns: AgentConnections,
    readonly secrets: AppSecrets,
    private readonly wildcard: WildcardHost | undefined,
  ) {
    this.transport = new AppTransport(conns);
    this.log = ctx.log.child({ component: 'app-proxy' });
  }

  /** Whether the proxy serves this request (the terminal page and everything else go to the dashboard). */
  claim(req: IncomingMessage): AppClaim | undefined {
    const label = this.wildcard?.match(req.headers.host);
    if (label !== undefined) return { mode: 'subdomain', label, app: parseSubdomain(label) };
    const url = req.url ?? '/';
    if (!looksLikePathApp(url)) return undefined;
    const q = url.indexOf('?');
    const app = parsePathApp(q < 0 ? url : url.slice(0, q));
    return app?.kind === 'app' ? { mode: 'path', app } : undefined;
  }

  async handleRequest(claim: AppClaim, req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.track(req.socket);
    try {
      const decision = await this.decide(claim, req);
      switch (decision.kind) {
        case 'page':
          return sendErrorPage(res, decision.page);
        case 'unauthorized':
          return sendErrorPage(res, pages.notFound(this.ctx.accessUrl.toString()));
        case 'redirect':
          res.writeHead(decision.status, { Location: decision.location, 'Cache-Control': 'no-store', ...(decision.setCookies ? { 'Set-Cookie': decision.setCookies } : {}) });
          return void res.end();
        case 'proxy': {
          const bare = this.bareRootRedirect(claim, req, decision.token);
          if (bare) {
            res.writeHead(307, { Location: bare, 'Set-Cookie': decision.setCookies });
            return void res.end();
          }
          const path = this.upstreamPath(claim, req, decision.token);
          forwardRequest(this.transport, decision.token, path, req, res, this.forwardedProto(), this.onForwardError(claim, res, decision.token), decision.setCookies);
        }
      }
    } catch (err) {
      this.log.error({ err }, 'app request failed');
      sendErrorPage(res, pages.internal(this.ctx.accessUrl.toString()));
    }
  }

  async handleUpgrade(claim: AppClaim, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    this.track(socket);
    try {
      const decision = await this.decide(claim, req);
      if (decision.kind !== 'proxy') {
        const status = decision.kind === 'page' ? decision.page.status : decision.kind === 'redirect' ? 401 : 404;
        return refuseUpgrade(socket, status, `${decision.kind === 'page' ? decision.page.title : status === 401 ? 'Sign in to open this application.' : 'Application not found.'}\n`);
      }
      await forwardUpgrade(this.transport, decision.token, this.upstreamPath(claim, req, decision.token), req, socket, head, this.forwardedProto());
    } catch (err) {
      this.log.info({ err: (err as Error).message }, 'app upgrade failed');
      refuseUpgrade(socket, 502, `The application could not be reached: ${(err as Error).message}\n`);
    }
  }

  /** Ends every connection that carried app traffic (the server's close would otherwise wait for open streams and WebSockets). */
  close(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.transport.close();
  }

  private track(socket: Duplex): void {
    if (this.sockets.has(socket)) return;
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private async decide(claim: AppClaim, req: IncomingMessage): Promise<Decision> {
    const dashboard = this.ctx.accessUrl.toString();
    const url = new URL(req.url ?? '/', 'http://app.invalid');
    const cookies = parseCookies(req.headers.cookie);
    let addr: AppAddress;
    let appKey: string;
    if (claim.mode === 'path') {
      if (this.ctx.apps.disablePathApps) return { kind: 'page', page: pages.pathAppsDisabled(dashboard) };
      const p = claim.app;
      if (p.rest === '') return { kind: 'redirect', status: 307, location: `${p.basePath}/${url.search}` };
      if (p.username.toLowerCase() === 'me') return { kind: 'page', page: pages.notFound(dashboard) };
      addr = { username: p.username, workspace: p.workspace, agent: p.agent, slug: p.slug, https: false, pathApp: true };
      appKey = `path:${p.basePath.toLowerCase()}`;
    } else {
      if (!claim.app) return { kind: 'page', page: pages.notFound(dashboard) };
      const s = claim.app;
      const sealed = url.searchParams.get(APP_CONNECT_KEY_QUERY);
      if (sealed !== null) return this.acceptSealedKey(url, sealed);
      addr = { username: s.username, workspace: s.workspace, agent: s.agent, slug: s.slug, port: s.port, https: s.https, pathApp: false };
      appKey = `host:${claim.label}`;
    }

    const now = this.ctx.clock().getTime();
    const signed = this.secrets.verify(cookies.get(SIGNED_APP_TOKEN_COOKIE), now);
    if (signed && signed.app === appKey) return this.ready(claim, signed, []);

    const actor = await this.actorOf(claim, req, cookies, url);
    const resolution = await resolveApp(this.ctx, actor, addr, this.ctx.apps);
    if (resolution.kind === 'page') return resolution;
    if (resolution.kind === 'sign_in') return this.signIn(claim, req, url);
    if (resolution.kind === 'subdomain') return this.toSubdomain(claim, resolution.label, url);
    const t = resolution.target;
    // Using an app is using the workspace (once per decision, so about once a minute while open).
    void bumpWorkspaceLastUsed(this.ctx.db, t.workspaceId, new Date(now)).catch((err: unknown) => this.log.warn({ err }, 'recording workspace usage failed'));
    const token: AppTokenPayload = {
      app: appKey,
      agentId: t.agentId,
      agentName: t.agentName,
      port: t.port,
      https: t.https,
      basePath: t.basePath,
      baseQuery: t.baseQuery,
      userId: actor?.userId ?? '',
      expiresAt: now + SIGNED_APP_TOKEN_TTL_MS,
    };
    const cookiePath = claim.mode === 'path' ? `${claim.app.basePath}/` : '/';
    const cookie = serializeCookie(SIGNED_APP_TOKEN_COOKIE, this.secrets.sign(token), { path: cookiePath, maxAgeSeconds: SIGNED_APP_TOKEN_TTL_MS / 1000, secure: this.secure() });
    return this.ready(claim, token, [cookie]);
  }

  /** The decision stands; the agent must still be connected. */
  private ready(claim: AppClaim, token: AppTokenPayload, setCookies: string[]): Decision {
    if (!this.conns.isConnected(token.agentId)) return { kind: 'page', page: pages.agentNotConnected(this.workspaceUrl(claim), token.agentName) };
    return { kind: 'proxy', token, setCookies };
  }

  /** The session of the request: the dashboard's on path apps, the app session cookie on subdomains, or the token header. */
  private async actorOf(claim: AppClaim, req: IncomingMessage, cookies: Map<string, string>, url: URL): Promise<Actor | undefined> {
    const header = req.headers[SESSION_TOKEN_HEADER.toLowerCase()];
    const token =
      claim.mode === 'path'
        ? (cookies.get(SESSION_TOKEN_COOKIE) ?? url.searchParams.get(SESSION_TOKEN_QUERY) ?? (typeof header === 'string' ? header : undefined))
        : (cookies.get(SUBDOMAIN_APP_SESSION_COOKIE) ?? (typeof header === 'string' ? header : undefined));
    if (!token) return undefined;
    return authenticateToken(this.ctx, token).catch(() => undefined);
  }

  /** Path apps send people to sign in; subdomain apps go through the auth redirect on the dashboard's origin. */
  private signIn(claim: AppClaim, req: IncomingMessage, url: URL): Decision {
    if (claim.mode === 'path') {
      const back = `${url.pathname}${url.search}`;
      return { kind: 'redirect', status: 303, location: `/login?redirect=${encodeURIComponent(back)}` };
    }
    const appUrl = `${this.forwardedProto()}://${req.headers.host}${url.pathname}${url.search}`;
    const redirect = new URL('/api/v2/applications/auth-redirect', this.ctx.accessUrl);
    redirect.searchParams.set('redirect_uri', appUrl);
    return { kind: 'redirect', status: 303, location: redirect.toString() };
  }

  /** A subdomain app asked for by its path: off to its own host, or a page when the deployment has none. */
  private toSubdomain(claim: AppClaim, label: string, url: URL): Decision {
    if (!this.wildcard) return { kind: 'page', page: pages.needsWildcard(this.workspaceUrl(claim)) };
    const rest = claim.mode === 'path' ? claim.app.rest : '/';
    return { kind: 'redirect', status: 307, location: `${this.forwardedProto()}://${this.wildcard.hostFor(label, this.ctx.accessUrl.port)}${rest}${stripTokenQuery(url.search)}` };
  }

  /** Back from the auth redirect: keep the key as this app domain's session cookie, drop it from the URL. */
  private async acceptSealedKey(url: URL, sealed: string): Promise<Decision> {
    const now = this.ctx.clock();
    const key = this.secrets.unseal(sealed, now.getTime());
    const actor = key ? await authenticateToken(this.ctx, key).catch(() => undefined) : undefined;
    if (!key || !actor) return { kind: 'page', page: pages.badRequest(this.ctx.accessUrl.toString(), 'The sign-in link of this application has expired or is not valid. Open the application again from the dashboard.') };
    url.searchParams.delete(APP_CONNECT_KEY_QUERY);
    const cookie = serializeCookie(SUBDOMAIN_APP_SESSION_COOKIE, key, { path: '/', domain: this.wildcard!.cookieDomain, secure: this.secure() });
    return { kind: 'redirect', status: 303, location: `${url.pathname}${url.search}`, setCookies: [cookie] };
  }

  /** A bare request of an app's root, when the app's URL has a query: add it, as Coder does. */
  private bareRootRedirect(claim: AppClaim, req: IncomingMessage, token: AppTokenPayload): string | undefined {
    if (!token.baseQuery || (req.method !== 'GET' && req.method !== 'HEAD')) return undefined;
    const url = new URL(req.url ?? '/', 'http://app.invalid');
    const atRoot = claim.mode === 'path' ? claim.app.rest === '/' : url.pathname === '/';
    return atRoot && !url.search ? `${url.pathname}?${token.baseQuery}` : undefined;
  }

  /** The path and query the app sees: the app URL's path joined with what follows the app's address. */
  private upstreamPath(claim: AppClaim, req: IncomingMessage, token: AppTokenPayload): string {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const search = stripTokenQuery(q < 0 ? '' : raw.slice(q));
    const rest = claim.mode === 'path' ? claim.app.rest : q < 0 ? raw : raw.slice(0, q);
    const base = token.basePath.endsWith('/') ? token.basePath.slice(0, -1) : token.basePath;
    return `${base}${rest}${search}`;
  }

  private onForwardError(claim: AppClaim, res: ServerResponse, token: AppTokenPayload) {
    return (err: Error, target: string) => {
      this.log.debug({ err: err.message, target }, 'app connection failed');
      // The agent went away after the check (before or during the request): say so, not that the app refused.
      const agentGone = (err instanceof AgentUnavailableError && !(err instanceof StreamDialError)) || !this.conns.isConnected(token.agentId);
      const page = agentGone ? pages.agentNotConnected(this.workspaceUrl(claim), token.agentName) : pages.connectionRefused(this.workspaceUrl(claim), target, err.message);
      sendErrorPage(res, page);
    };
  }

  private workspaceUrl(claim: AppClaim): string {
    const a = claim.mode === 'path' ? claim.app : claim.app!;
    return new URL(`/@${encodeURIComponent(a.username)}/${encodeURIComponent(a.workspace)}`, this.ctx.accessUrl).toString();
  }

  /** Cookies the proxy sets are Secure as the session cookie is: https access URL or --secure-auth-cookie. */
  private secure(): boolean {
    return this.ctx.accessUrl.protocol === 'https:' || this.ctx.security.secureAuthCookie;
  }

  private forwardedProto(): 'http' | 'https' {
    return this.ctx.accessUrl.protocol === 'https:' ? 'https' : 'http';
  }
}
