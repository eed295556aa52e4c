import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderView } from '../../testing/render';
import { workspaceFixture } from '../../testing/fixtures';
import { WorkspacesPageView, type WorkspacesPageViewProps } from './WorkspacesPageView';

const props = (over: Partial<WorkspacesPageViewProps> = {}): WorkspacesPageViewProps => ({
  query: 'owner:me',
  onQueryChange: vi.fn(),
  page: 1,
  pageSize: 25,
  onPageChange: vi.fn(),
  onStart: vi.fn(),
  onStop: vi.fn(),
  busyIds: new Set(),
  ...over,
});

describe('WorkspacesPageView', () => {
  it('lists workspaces with owner, template, status and a link to each', async () => {
    const data = { count: 2, workspaces: [workspaceFixture({ name: 'dev', status: 'running', outdated: true }), workspaceFixture({ name: 'old', status: 'stopped', owner: 'bob' })] };
    renderView(<WorkspacesPageView {...props({ data })} />);
    const rows = await screen.findAllByRole('row');
    expect(rows).toHaveLength(3);
    const dev = within(rows[1]!);
    expect(dev.getByRole('link', { name: 'dev' })).toHaveAttribute('href', '/@alice/dev');
    expect(dev.getByText('Running')).toBeInTheDocument();
    expect(dev.getByText('Outdated')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('bob')).toBeInTheDocument();
    expect(screen.getByText('Showing 1–2 of 2')).toBeInTheDocument();
  });

  it('starts a stopped workspace and stops a running one from its row', async () => {
    const running = workspaceFixture({ name: 'dev', status: 'running' });
    const stopped = workspaceFixture({ name: 'old', status: 'stopped' });
    const p = props({ data: { count: 2, workspaces: [running, stopped] } });
    renderView(<WorkspacesPageView {...p} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Stop dev' }));
    expect(p.onStop).toHaveBeenCalledWith(running);
    await userEvent.click(screen.getByRole('button', { name: 'Start old' }));
    expect(p.onStart).toHaveBeenCalledWith(stopped);
    expect(screen.queryByRole('button', { name: 'Start dev' })).toBeNull();
  });

  it('applies the search on Enter', async () => {
    const p = props({ data: { count: 0, workspaces: [] } });
    renderView(<WorkspacesPageView {...p} />);
    const box = await screen.findByRole('searchbox', { name: 'Search workspaces' });
    await userEvent.clear(box);
    await userEvent.type(box, 'template:docker status:running{Enter}');
    expect(p.onQueryChange).toHaveBeenCalledWith('template:docker status:running');
  });

  it('leads to the templates when the user has no workspace', async () => {
    renderView(<WorkspacesPageView {...props({ data: { count: 0, workspaces: [] } })} />);
    expect(await screen.findByRole('heading', { name: 'Create your first workspace' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Browse templates' })).toHaveAttribute('href', '/templates');
  });

  it('offers to clear a search that matched nothing', async () => {
    const p = props({ query: 'name:nope', data: { count: 0, workspaces: [] } });
    renderView(<WorkspacesPageView {...p} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Show my workspaces' }));
    expect(p.onQueryChange).toHaveBeenCalledWith('owner:me');
  });

  it('shows loading, then an error with a retry', async () => {
    const { unmount } = renderView(<WorkspacesPageView {...props()} />);
    expect(await screen.findByRole('status')).toHaveTextContent('Loading workspaces');
    unmount();
    const onRetry = vi.fn();
    renderView(<WorkspacesPageView {...props({ error: new Error('The server is down.'), onRetry })} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('The server is down.');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalled();
  });

  it('pages through the list', async () => {
    const p = props({ page: 2, data: { count: 60, workspaces: [workspaceFixture({ name: 'dev' })] } });
    renderView(<WorkspacesPageView {...p} />);
    expect(await screen.findByText('Page 2 of 3')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(p.onPageChange).toHaveBeenCalledWith(3);
    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));
    expect(p.onPageChange).toHaveBeenCalledWith(1);
  });
});
