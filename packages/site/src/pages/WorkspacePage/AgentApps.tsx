import { useQuery } from '@tanstack/react-query';
import { appNeedsToken, appUrl, vscodeUrl } from '@warren/sdk/app-urls';
import type { Workspace, WorkspaceAgent, WorkspaceApp } from '@warren/sdk/workspaces';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { appHost, newSessionKey } from '../../api/queries/apps';
import { buttonClass } from '../../components/Button';
import { TemplateIcon } from '../../components/TemplateIcon';

const HEALTH: Record<WorkspaceApp['health'], { dot: string; label: string } | undefined> = {
  disabled: undefined,
  initializing: { dot: 'bg-content-muted animate-pulse', label: 'starting' },
  healthy: { dot: 'bg-success', label: 'healthy' },
  unhealthy: { dot: 'bg-danger', label: 'unhealthy' },
};

/** Opens `url` as the app asks: a slim window (no browser chrome) or a tab. */
function openApp(url: string, openIn: WorkspaceApp['open_in']): void {
  window.open(url, '_blank', openIn === 'slim-window' ? 'popup,width=1200,height=800' : undefined);
}

/**
 * The apps in the template's order, those sharing a `group` gathered where the group's first app
 * stands (as Coder's dashboard shows them).
 */
export function groupApps(apps: WorkspaceApp[]): Array<WorkspaceApp | { group: string; apps: WorkspaceApp[] }> {
  const out: Array<WorkspaceApp | { group: string; apps: WorkspaceApp[] }> = [];
  const groups = new Map<string, WorkspaceApp[]>();
  for (const app of apps) {
    if (!app.group) {
      out.push(app);
      continue;
    }
    const members = groups.get(app.group);
    if (members) members.push(app);
    else {
      const created = [app];
      groups.set(app.group, created);
      out.push({ group: app.group, apps: created });
    }
  }
  return out;
}

export interface AgentAppsProps {
  workspace: Workspace;
  agent: WorkspaceAgent;
}

/**
 * The agent's app buttons, in the template's order and gathered by group, with their health; and VS Code Desktop when the
 * template shows it. Links that carry a session key get a fresh one on the click.
 */
export function AgentApps({ workspace, agent }: AgentAppsProps) {
  const host = useQuery(appHost());
  const [problem, setProblem] = useState<string>();
  const apps = agent.apps.filter((a) => !a.hidden);
  const deployment = new URL(window.location.origin);

  const open = async (app: WorkspaceApp) => {
    setProblem(undefined);
    try {
      const token = appNeedsToken(app) ? await newSessionKey() : undefined;
      openApp(appUrl({ deployment, appHost: host.data ?? '', workspace, agent, app, token }), app.open_in);
    } catch (err) {
      setProblem(`${app.display_name || app.slug} could not be opened: ${errorMessage(err)}`);
    }
  };
  const openVscode = async () => {
    setProblem(undefined);
    try {
      const token = await newSessionKey();
      window.location.href = vscodeUrl({ deployment: deployment.origin, owner: workspace.owner_name, workspace: workspace.name, agent: agent.name, folder: agent.expanded_directory || undefined, token });
    } catch (err) {
      setProblem(`VS Code Desktop could not be opened: ${errorMessage(err)}`);
    }
  };

  const appButton = (app: WorkspaceApp) => {
    const health = HEALTH[app.health];
    const needsHost = app.subdomain && !app.external && host.data === '';
    const name = app.display_name || app.slug;
    return (
      <button
        key={app.id}
        type="button"
        className={buttonClass()}
        data-app={app.slug}
        disabled={needsHost}
        title={needsHost ? 'This app opens on its own subdomain, and the deployment has no wildcard access URL (--wildcard-access-url).' : undefined}
        aria-label={health ? `${name} (${health.label})` : name}
        onClick={() => void open(app)}
      >
        {app.icon && <TemplateIcon name={name} icon={app.icon} size="size-4" />}
        {name}
        {health && <span className={`size-2 rounded-full ${health.dot}`} aria-hidden="true" />}
      </button>
    );
  };

  return (
    <>
      {agent.display_apps.includes('vscode') && (
        <button type="button" className={buttonClass()} onClick={() => void openVscode()}>
          VS Code Desktop
        </button>
      )}
      {groupApps(apps).map((entry) =>
        'apps' in entry ? (
          <div key={`group:${entry.group}`} role="group" aria-label={entry.group} className="flex flex-wrap items-center gap-2 rounded border border-border px-2 py-1">
            <span className="text-xs font-medium text-content-muted">{entry.group}</span>
            {entry.apps.map(appButton)}
          </div>
        ) : (
          appButton(entry)
        ),
      )}
      {problem && (
        <p role="alert" className="basis-full text-sm text-danger">
          {problem}
        </p>
      )}
    </>
  );
}
