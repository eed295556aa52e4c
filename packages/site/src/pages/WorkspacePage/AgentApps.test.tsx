import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { WorkspaceAgent, WorkspaceApp } from '@warren/sdk/workspaces';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { client } from '../../api/client';
import { workspaceFixture } from '../../testing/fixtures';
import { renderView } from '../../testing/render';
import { AgentApps, groupApps } from './AgentApps';

const app = (a: Partial<WorkspaceApp>): WorkspaceApp =>
  ({ id: a.slug, url: 'http://localhost:8080', external: false, display_name: '', subdomain: false, sharing_level: 'owner', health: 'disabled', hidden: false, open_in: 'tab', ...a }) as WorkspaceApp;
const agent = (apps: WorkspaceApp[], displayApps: string[] = []) => ({ name: 'main', apps, display_apps: displayApps, expanded_directory: '/home/coder' }) as unknown as WorkspaceAgent;
const workspace = workspaceFixture({ name: 'dev', owner: 'alice' });

afterEach(() => vi.restoreAllMocks());

describe('AgentApps', () => {
  it('opens path apps under the workspace, in a slim window when the app asks, and shows health', async () => {
    vi.spyOn(client, 'appHost').mockResolvedValue({ host: '' });
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    renderView(<AgentApps workspace={workspace} agent={agent([app({ slug: 'code', display_name: 'VS Code', health: 'unhealthy', open_in: 'slim-window' }), app({ slug: 'secret', hidden: true })])} />);
    await userEvent.click(await screen.findByRole('button', { name: 'VS Code (unhealthy)' }));
    expect(open).toHaveBeenCalledWith(`${window.location.origin}/@alice/dev.main/apps/code/`, '_blank', 'popup,width=1200,height=800');
    expect(screen.queryByRole('button', { name: /secret/ })).toBeNull();
  });

  it('gathers the apps of a group where its first app stands, keeping the template order', async () => {
    const apps = [app({ slug: 'files' }), app({ slug: 'code', group: 'Editors' }), app({ slug: 'web' }), app({ slug: 'jupyter', group: 'Editors' })];
    expect(groupApps(apps).map((e) => ('apps' in e ? `${e.group}: ${e.apps.map((a) => a.slug).join(',')}` : e.slug))).toEqual(['files', 'Editors: code,jupyter', 'web']);
    vi.spyOn(client, 'appHost').mockResolvedValue({ host: '' });
    renderView(<AgentApps workspace={workspace} agent={agent(apps)} />);
    const editors = await screen.findByRole('group', { name: 'Editors' });
    expect(within(editors).getAllByRole('button').map((b) => b.getAttribute('data-app'))).toEqual(['code', 'jupyter']);
    expect(screen.getAllByRole('button').map((b) => b.getAttribute('data-app'))).toEqual(['files', 'code', 'jupyter', 'web']);
  });

  it('fills a fresh session key into external links that ask for one', async () => {
    vi.spyOn(client, 'appHost').mockResolvedValue({ host: '' });
    const request = vi.spyOn(client, 'request').mockResolvedValue({ key: 'k1-abc' });
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    renderView(<AgentApps workspace={workspace} agent={agent([app({ slug: 'gw', display_name: 'Gateway', external: true, url: 'jetbrains-gateway://connect#token=$SESSION_TOKEN' })])} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Gateway' }));
    await waitFor(() => expect(open).toHaveBeenCalledWith('jetbrains-gateway://connect#token=k1-abc', '_blank', undefined));
    expect(request).toHaveBeenCalledWith('POST', '/api/v2/users/me/keys');
  });

  it('turns a subdomain app off, saying why, when the deployment has no wildcard host', async () => {
    vi.spyOn(client, 'appHost').mockResolvedValue({ host: '' });
    renderView(<AgentApps workspace={workspace} agent={agent([app({ slug: 'web', display_name: 'Web', subdomain: true, subdomain_name: 'web--main--dev--alice' })])} />);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Web' })).toBeDisabled());
    expect(screen.getByRole('button', { name: 'Web' }).title).toMatch(/no wildcard access URL/);
  });

  it('says so at the buttons when a key cannot be made', async () => {
    vi.spyOn(client, 'appHost').mockResolvedValue({ host: '' });
    vi.spyOn(client, 'request').mockRejectedValue(new Error('the server is gone'));
    renderView(<AgentApps workspace={workspace} agent={agent([], ['vscode'])} />);
    await userEvent.click(await screen.findByRole('button', { name: 'VS Code Desktop' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('VS Code Desktop could not be opened: the server is gone');
  });
});
