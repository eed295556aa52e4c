/**
 * Where a workspace app opens, as Coder's dashboard and CLI build it: an external app's own URL
 * (with `$SESSION_TOKEN` filled in), a command app in the web terminal, a subdomain app on the
 * deployment's wildcard host, otherwise its path under the deployment. Also the link Coder's VS Code
 * extension handles, and the URL of a workspace port through the proxy.
 */
import type { Workspace, WorkspaceAgent, WorkspaceApp } from './workspaces';

export interface AppUrlInput {
  /** The deployment's access URL. */
  deployment: URL;
  /** `/api/v2/applications/host`: the wildcard pattern (`*.apps.example.com`), or "" without one. */
  appHost: string;
  workspace: Pick<Workspace, 'owner_name' | 'name'>;
  agent: Pick<WorkspaceAgent, 'name'>;
  app: Pick<WorkspaceApp, 'slug' | 'url' | 'external' | 'subdomain' | 'subdomain_name' | 'command'>;
  /** A session key for external URLs that carry `$SESSION_TOKEN`. */
  token?: string;
}

/** Whether opening the app needs a fresh session key first. */
export const appNeedsToken = (app: Pick<WorkspaceApp, 'external' | 'url'>): boolean => app.external && app.url.includes('$SESSION_TOKEN');

export function appUrl({ deployment, appHost, workspace, agent, app, token }: AppUrlInput): string {
  if (app.external) return token ? app.url.replaceAll('$SESSION_TOKEN', token) : app.url;
  if (app.command && !app.url) {
    const terminal = new URL(`/@${workspace.owner_name}/${workspace.name}.${agent.name}/terminal`, deployment);
    terminal.searchParams.set('command', app.command);
    return terminal.toString();
  }
  if (app.subdomain && app.subdomain_name && appHost) return `${deployment.protocol}//${appHost.replace('*', app.subdomain_name)}/`;
  return new URL(`/@${workspace.owner_name}/${workspace.name}.${agent.name}/apps/${encodeURIComponent(app.slug)}/`, deployment).toString();
}

/** A port of the workspace through the proxy (`{port}--{agent}--{workspace}--{user}`, `s` for HTTPS); needs a wildcard host. */
export function portUrl(o: { deployment: URL; appHost: string; workspace: Pick<Workspace, 'owner_name' | 'name'>; agent: Pick<WorkspaceAgent, 'name'>; port: number; https?: boolean }): string | undefined {
  if (!o.appHost) return undefined;
  const label = `${o.port}${o.https ? 's' : ''}--${o.agent.name}--${o.workspace.name}--${o.workspace.owner_name}`;
  return `${o.deployment.protocol}//${o.appHost.replace('*', label)}/`;
}

/** Coder's VS Code extension's link: `vscode://coder.coder-remote/open?owner=…&workspace=…`. */
export function vscodeUrl(o: { deployment: string; owner: string; workspace: string; agent?: string; folder?: string; token?: string }): string {
  const q = new URLSearchParams({ owner: o.owner, workspace: o.workspace });
  if (o.agent) q.set('agent', o.agent);
  if (o.folder) q.set('folder', o.folder);
  q.set('url', o.deployment);
  if (o.token) q.set('token', o.token);
  return `vscode://coder.coder-remote/open?${q.toString()}`;
}
