/**
 * Workspace apps: the proxy in front of the router (path and subdomain apps), the auth redirect
 * that gives a subdomain app its own session, the app host, and port sharing.
 */
import {
  deleteWorkspaceAgentPortShareRequest,
  upsertWorkspaceAgentPortShareRequest,
  type AppHostResponse,
  type WorkspaceAgentPortShare,
  type WorkspaceAgentPortShares,
} from '@warren/sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AgentConnections } from '../agents/connections';
import { issueKey } from '../apikeys/service';
import { authenticateToken, tokenFromRequest } from '../auth/authenticate';
import { authorize, portShareLevelAllowed, type AppSharingLevel } from '../authz/policy';
import type { ServerContext } from '../context';
import { deletePortShare, getAppWorkspace, listAgentsOfJob, listPortShares, upsertPortShare, type PortShareRow } from '../db/queries/workspace-apps';
import { actorOf } from '../http/app';
import { badRequest, notFound, validationFailed } from '../http/errors';
import { installFrontDoor } from '../http/front-door';
import { parseBody } from '../http/validate';
import { resolveWorkspace } from '../workspaces/service';
import { parseSubdomain, WildcardHost } from './app-url';
import { APP_CONNECT_KEY_QUERY, AppSecrets } from './app-token';
import { AppProxy, type AppClaim } from './proxy';

/** How long the sealed key in the auth redirect's URL may be used. */
const SEALED_KEY_TTL_MS = 60_000;

const toShare = (r: PortShareRow): WorkspaceAgentPortShare => ({
  workspace_id: r.workspace_id,
  agent_name: r.agent_name,
  port: r.port,
  share_level: r.share_level as AppSharingLevel,
  protocol: r.protocol,
});

export function registerAppRoutes(app: FastifyInstance, ctx: ServerContext, conns: AgentConnections): void {
  const wildcard = ctx.apps.wildcardHost ? new WildcardHost(ctx.apps.wildcardHost) : undefined;
  let proxy: AppProxy | undefined;
  app.addHook('onReady', async () => {
    proxy = new AppProxy(ctx, conns, await AppSecrets.load(ctx.db), wildcard);
  });
  app.addHook('preClose', async () => proxy?.close());
  installFrontDoor<AppClaim>(app, {
    claim: (req) => proxy?.claim(req),
    handleRequest: (claim, req, res) => proxy!.handleRequest(claim, req, res),
    handleUpgrade: (claim, req, socket, head) => proxy!.handleUpgrade(claim, req, socket, head),
  });

  app.get('/api/v2/applications/host', async (): Promise<AppHostResponse> => ({ host: wildcard?.hostWithPort(ctx.accessUrl.port) ?? '' }));

  // On the dashboard's origin: turns the dashboard session into an app session for one subdomain app.
  app.get<{ Querystring: { redirect_uri?: string } }>('/api/v2/applications/auth-redirect', { config: { public: true } }, async (req, reply) => {
    if (!wildcard || !proxy) throw notFound('This deployment has no wildcard access URL, so it serves no subdomain apps.');
    const target = appRedirectTarget(wildcard, req.query.redirect_uri);
    const actor = await authenticateToken(ctx, tokenFromRequest(req)).catch(() => undefined);
    if (!actor) return reply.redirect(`/login?redirect=${encodeURIComponent(req.url)}`, 307);
    const key = await issueKey(ctx, { userId: actor.userId, loginType: 'password', lifetimeMs: ctx.sessionDurationMs, scope: 'application_connect' });
    target.searchParams.set(APP_CONNECT_KEY_QUERY, proxy.secrets.seal(key, ctx.clock().getTime() + SEALED_KEY_TTL_MS));
    return reply.header('Cache-Control', 'no-store').redirect(target.toString(), 307);
  });

  registerPortShareRoutes(app, ctx);
}

/** The app URL the auth redirect may send a browser back to: http(s), under the wildcard, an app's host. */
function appRedirectTarget(wildcard: WildcardHost, raw: string | undefined): URL {
  const invalid = (detail: string) => badRequest('Invalid redirect URI.', detail, [{ field: 'redirect_uri', detail }]);
  if (!raw) throw invalid('The redirect_uri query parameter is required.');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(`"${raw.slice(0, 200)}" is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('The redirect URI must be an http or https URL.');
  const label = wildcard.match(url.host);
  if (label === undefined || !parseSubdomain(label)) throw invalid('The redirect URI must be the address of a workspace app under the wildcard access URL.');
  url.searchParams.delete(APP_CONNECT_KEY_QUERY);
  return url;
}

function registerPortShareRoutes(app: FastifyInstance, ctx: ServerContext): void {
  type Req = FastifyRequest<{ Params: { workspace: string } }>;
  const base = '/api/v2/workspaces/:workspace/port-share';

  app.get(base, async (req: Req): Promise<WorkspaceAgentPortShares> => {
    const ws = await resolveWorkspace(ctx, actorOf(req), req.params.workspace);
    return { shares: (await listPortShares(ctx.db, ws.id)).map(toShare) };
  });

  /** The workspace, which the caller must be allowed to change, and its agents' names. */
  const writable = async (req: Req) => {
    const actor = actorOf(req);
    const ws = await resolveWorkspace(ctx, actor, req.params.workspace);
    authorize(actor, 'update', { type: 'workspace', ownerId: ws.owner_id, organizationId: ws.organization_id });
    const live = await getAppWorkspace(ctx.db, ws.owner_name, ws.name);
    const agents = live ? await listAgentsOfJob(ctx.db, live.latest_job_id) : [];
    return { ws, live, agentNames: agents.map((a) => a.name) };
  };

  app.post(base, async (req: Req): Promise<WorkspaceAgentPortShare> => {
    const body = parseBody(upsertWorkspaceAgentPortShareRequest, req.body);
    const { ws, live, agentNames } = await writable(req);
    const agentName = agentNames.find((n) => n.toLowerCase() === body.agent_name.toLowerCase());
    if (!agentName) throw validationFailed([{ field: 'agent_name', detail: `The workspace has no agent named "${body.agent_name}".` }]);
    const max = (live?.max_port_share_level ?? 'owner') as AppSharingLevel;
    if (!portShareLevelAllowed(body.share_level, max)) {
      throw validationFailed([{ field: 'share_level', detail: `The template allows sharing ports up to "${max}" only.` }], `Port sharing level "${body.share_level}" is not allowed by the template.`);
    }
    return toShare(await upsertPortShare(ctx.db, { workspace_id: ws.id, agent_name: agentName, port: body.port, share_level: body.share_level, protocol: body.protocol }));
  });

  app.delete(base, async (req: Req, reply) => {
    const body = parseBody(deleteWorkspaceAgentPortShareRequest, req.body);
    const { ws } = await writable(req);
    const shares = await listPortShares(ctx.db, ws.id);
    const share = shares.find((s) => s.agent_name.toLowerCase() === body.agent_name.toLowerCase() && s.port === body.port);
    if (!share) throw badRequest('Port share not found.', `Port ${body.port} of agent "${body.agent_name}" is not shared.`);
    await deletePortShare(ctx.db, ws.id, share.agent_name, share.port);
    return reply.status(200).send({ message: 'Port share deleted.' });
  });
}
