/**
 * From an app address to what the proxy connects to, deciding who may: the workspace (live, by
 * owner and name), its agent of the latest build, the app (by slug) or the shared port, and the
 * sharing level, decided by the policy. The answer is either a target or the page to show.
 */
import { canOpenApp, can, type Actor, type AppSharingLevel, type Obj } from '../authz/policy';
import type { ServerContext } from '../context';
import { getAgentApp, getAppWorkspace, getPortShare, listAgentsOfJob, type AppWorkspaceRow } from '../db/queries/workspace-apps';
import { subdomainLabel } from './app-url';
import { pages, type ErrorPage } from './pages';

export interface AppAddress {
  username: string;
  workspace: string;
  agent?: string;
  slug?: string;
  port?: number;
  /** `{port}s`: the port speaks HTTPS. */
  https: boolean;
  pathApp: boolean;
}

export interface AppTarget {
  agentId: string;
  agentName: string;
  workspaceId: string;
  port: number;
  https: boolean;
  /** The path the app's URL starts with (`/` for ports). */
  basePath: string;
  /** The query of the app's URL (without `?`), added to a bare request of the app's root. */
  baseQuery: string;
  sharingLevel: AppSharingLevel;
  health: string;
  slug?: string;
}

export type Resolution =
  | { kind: 'target'; target: AppTarget }
  /** Nobody is signed in and the app is not public: send them to sign in. */
  | { kind: 'sign_in' }
  | { kind: 'page'; page: ErrorPage }
  /** A `subdomain = true` app asked for by path: it opens on its own host (this label under the wildcard). */
  | { kind: 'subdomain'; label: string };

/** The minimum port of port apps, as Coder's (ports below are never proxied). */
export const MIN_APP_PORT = 9;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0', '::1']);

export interface ResolveRules {
  allowPathAppSharing: boolean;
  allowPathAppSiteOwnerAccess: boolean;
}

export async function resolveApp(ctx: ServerContext, actor: Actor | undefined, addr: AppAddress, rules: ResolveRules): Promise<Resolution> {
  const dashboard = ctx.accessUrl.toString();
  const notFound: Resolution = { kind: 'page', page: pages.notFound(dashboard) };
  const ws = await getAppWorkspace(ctx.db, addr.username, addr.workspace);
  if (!ws) return actor ? notFound : { kind: 'sign_in' };
  const workspaceObj: Obj = { type: 'workspace', ownerId: ws.owner_id, organizationId: ws.organization_id };
  const workspaceUrl = new URL(`/@${encodeURIComponent(ws.owner_name)}/${encodeURIComponent(ws.name)}`, ctx.accessUrl).toString();
  // Whoever may read the workspace learns why it cannot serve; anyone else learns nothing.
  const mayRead = actor !== undefined && can({ ...actor, scope: 'all' }, 'read', workspaceObj);
  const explain = (page: ErrorPage): Resolution => (mayRead ? { kind: 'page', page } : actor ? notFound : { kind: 'sign_in' });

  if (ws.latest_transition !== 'start' || ws.latest_job_status !== 'succeeded') return explain(pages.workspaceStopped(workspaceUrl, workspaceState(ws)));
  const agents = await listAgentsOfJob(ctx.db, ws.latest_job_id);
  const agent = addr.agent ? agents.find((a) => a.name.toLowerCase() === addr.agent!.toLowerCase()) : agents.length === 1 ? agents[0] : undefined;
  if (!agent) return explain(pages.badRequest(dashboard, addr.agent ? `The workspace has no agent named "${addr.agent}".` : 'The workspace has several agents: name one in the address, as in workspace.agent.'));

  let target: AppTarget;
  if (addr.slug !== undefined) {
    const app = await getAgentApp(ctx.db, agent.id, addr.slug);
    if (!app) return actor ? notFound : { kind: 'sign_in' };
    const level = app.sharing_level as AppSharingLevel;
    if (addr.pathApp && app.subdomain) {
      if (!canOpenApp(actor, level, workspaceObj, { pathApp: false, ...rules })) return actor ? notFound : { kind: 'sign_in' };
      return { kind: 'subdomain', label: subdomainLabel({ slug: app.slug, agent: agent.name, workspace: ws.name, username: ws.owner_name }) };
    }
    if (!canOpenApp(actor, level, workspaceObj, { pathApp: addr.pathApp, ...rules })) return actor ? notFound : { kind: 'sign_in' };
    if (!app.url || app.external) return { kind: 'page', page: pages.notProxied(workspaceUrl, app.slug) };
    const url = parseAppUrl(app.url);
    if (!url) {
      const why = `The application "${app.slug}" has the URL ${app.url}, which is not an http(s) address on the workspace's own loopback (localhost); the workspace agent reaches applications there only.`;
      return { kind: 'page', page: pages.badRequest(workspaceUrl, why) };
    }
    if (app.health === 'unhealthy') return { kind: 'page', page: pages.appUnhealthy(workspaceUrl, app.slug) };
    target = { agentId: agent.id, agentName: agent.name, workspaceId: ws.id, ...url, sharingLevel: level, health: app.health, slug: app.slug };
  } else {
    const port = addr.port!;
    if (port < MIN_APP_PORT) return actor ? notFound : { kind: 'sign_in' };
    const share = await getPortShare(ctx.db, ws.id, agent.name, port);
    const level = (share?.share_level ?? 'owner') as AppSharingLevel;
    if (!canOpenApp(actor, level, workspaceObj, { pathApp: addr.pathApp, ...rules })) return actor ? notFound : { kind: 'sign_in' };
    target = { agentId: agent.id, agentName: agent.name, workspaceId: ws.id, port, https: addr.https, basePath: '/', baseQuery: '', sharingLevel: level, health: 'disabled' };
  }
  return { kind: 'target', target };
}

function workspaceState(ws: AppWorkspaceRow): string {
  if (ws.latest_job_status === 'pending' || ws.latest_job_status === 'running') {
    return ws.latest_transition === 'start' ? 'starting' : ws.latest_transition === 'stop' ? 'stopping' : 'being deleted';
  }
  if (ws.latest_job_status === 'succeeded') return ws.latest_transition === 'stop' ? 'stopped' : 'deleted';
  return `in a failed state (the last ${ws.latest_transition} build ${ws.latest_job_status})`;
}

/** The port, scheme, path and query of an app's `url` on the workspace's loopback; undefined if it is elsewhere. */
export function parseAppUrl(raw: string): Pick<AppTarget, 'port' | 'https' | 'basePath' | 'baseQuery'> | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (!LOOPBACK.has(url.hostname.toLowerCase())) return undefined;
  const https = url.protocol === 'https:';
  return { port: url.port ? Number(url.port) : https ? 443 : 80, https, basePath: url.pathname || '/', baseQuery: url.search.replace(/^\?/, '') };
}
