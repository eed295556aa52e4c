/**
 * The proxy's error pages: plain HTML a person can act on (what happened, what to do, a link
 * back to the dashboard), never JSON. Everything interpolated is escaped.
 */
import type { ServerResponse } from 'node:http';

export interface ErrorPage {
  status: number;
  title: string;
  message: string;
  /** Links shown as buttons (absolute URLs or paths on the dashboard). */
  actions?: Array<{ label: string; href: string }>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderErrorPage(page: ErrorPage): string {
  const actions = (page.actions ?? []).map((a) => `<a class="button" href="${escapeHtml(a.href)}">${escapeHtml(a.label)}</a>`).join(' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>
body { font-family: system-ui, sans-serif; background: #0f1115; color: #e6e6e6; display: flex; min-height: 100vh; margin: 0; align-items: center; justify-content: center; }
main { max-width: 36rem; padding: 2rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
p { line-height: 1.5; color: #c0c4cc; }
.button { display: inline-block; margin-top: 1rem; padding: .5rem 1rem; border: 1px solid #5a6270; border-radius: .375rem; color: #e6e6e6; text-decoration: none; }
.status { color: #8a919e; font-size: .875rem; }
</style></head>
<body><main>
<p class="status">${page.status}</p>
<h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.message)}</p>
${actions}
</main></body></html>`;
}

export function sendErrorPage(res: ServerResponse, page: ErrorPage): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = renderErrorPage(page);
  res.writeHead(page.status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

/** The pages, by what went wrong. `dashboard` is the access URL; `workspacePath` the workspace's page on it. */
export const pages = {
  notFound: (dashboard: string): ErrorPage => ({
    status: 404,
    title: 'Application not found',
    message: 'This application does not exist, or you do not have access to it. Check the address, or sign in as a user it is shared with.',
    actions: [{ label: 'Back to the dashboard', href: dashboard }],
  }),
  workspaceStopped: (workspaceUrl: string, state: string): ErrorPage => ({
    status: 502,
    title: 'The workspace is not running',
    message: `The workspace is ${state}, so its applications cannot be reached. Start the workspace from its page, then reload this one.`,
    actions: [{ label: 'Open the workspace to start it', href: workspaceUrl }],
  }),
  agentNotConnected: (workspaceUrl: string, agent: string): ErrorPage => ({
    status: 502,
    title: 'The workspace agent is not connected',
    message: `The agent "${agent}" of this workspace is not connected to the server, so its applications cannot be reached. It may still be starting; its logs on the workspace page say more.`,
    actions: [{ label: 'Open the workspace', href: workspaceUrl }],
  }),
  appUnhealthy: (workspaceUrl: string, slug: string): ErrorPage => ({
    status: 502,
    title: 'The application is unhealthy',
    message: `The application "${slug}" fails its health check, so the workspace agent reports it unhealthy. It may have crashed or still be starting; try again in a moment.`,
    actions: [{ label: 'Open the workspace', href: workspaceUrl }],
  }),
  connectionRefused: (workspaceUrl: string, what: string, detail: string): ErrorPage => ({
    status: 502,
    title: 'The application refused the connection',
    message: `Nothing answered at ${what} in the workspace (${detail}). Check that the application is running and listening on that port.`,
    actions: [{ label: 'Open the workspace', href: workspaceUrl }],
  }),
  notProxied: (workspaceUrl: string, slug: string): ErrorPage => ({
    status: 400,
    title: 'This application does not open in the browser',
    message: `The application "${slug}" is a command or an external link, not a web application served from the workspace. Open it from the workspace page.`,
    actions: [{ label: 'Open the workspace', href: workspaceUrl }],
  }),
  needsWildcard: (workspaceUrl: string): ErrorPage => ({
    status: 400,
    title: 'This application needs its own subdomain',
    message: 'The template serves this application on a subdomain of its own (subdomain = true), and this deployment has no wildcard access URL to give it one. Ask an administrator to set --wildcard-access-url.',
    actions: [{ label: 'Open the workspace', href: workspaceUrl }],
  }),
  pathAppsDisabled: (dashboard: string): ErrorPage => ({
    status: 403,
    title: 'Path-based applications are disabled',
    message: 'This deployment serves workspace applications only from their own subdomains (--disable-path-apps). Ask an administrator to configure a wildcard access URL, or open the application from the dashboard.',
    actions: [{ label: 'Back to the dashboard', href: dashboard }],
  }),
  badRequest: (dashboard: string, message: string): ErrorPage => ({
    status: 400,
    title: 'Bad application request',
    message,
    actions: [{ label: 'Back to the dashboard', href: dashboard }],
  }),
  internal: (dashboard: string): ErrorPage => ({
    status: 500,
    title: 'Something went wrong',
    message: 'The server failed while opening this application. Try again; if it keeps failing, the server logs say why.',
    actions: [{ label: 'Back to the dashboard', href: dashboard }],
  }),
};
