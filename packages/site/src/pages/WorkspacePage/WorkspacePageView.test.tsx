import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Workspace, WorkspaceBuild } from '@warren/sdk/workspaces';
import { describe, expect, it, vi } from 'vitest';
import { workspaceFixture } from '../../testing/fixtures';
import { param } from '../../testing/parameters';
import { renderView } from '../../testing/render';
import { WorkspacePageView, type WorkspacePageViewProps } from './WorkspacePageView';

function withBuild(w: Workspace, build: Partial<WorkspaceBuild>, job: Partial<WorkspaceBuild['job']> = {}): Workspace {
  return {
    ...w,
    template_allow_user_cancel_workspace_jobs: true,
    latest_build: {
      ...w.latest_build, id: 'b1', build_number: 3, template_version_name: 'v2', transition: 'start', resources: [], initiator_name: 'alice', created_at: new Date().toISOString(),
      ...build,
      job: { status: 'succeeded', queue_position: 0, queue_size: 0, ...job } as WorkspaceBuild['job'],
    } as WorkspaceBuild,
  };
}

const props = (w: Workspace, over: Partial<WorkspacePageViewProps> = {}): WorkspacePageViewProps => ({
  workspace: w, buildLogs: [], onAction: vi.fn(), busy: false, currentValues: {}, renderAgent: (a) => <p>agent {a.name}</p>, ...over,
});

describe('WorkspacePageView', () => {
  it('stops and restarts a running workspace and shows the build logs', async () => {
    const p = props(withBuild(workspaceFixture({ name: 'dev', status: 'running' }), { status: 'running' }), {
      buildLogs: [{ id: 1, created_at: '', log_source: 'provisioner', log_level: 'info', stage: 'Planning infrastructure', output: 'terraform plan ok' }],
    });
    renderView(<WorkspacePageView {...p} />);
    expect(await screen.findByRole('log', { name: 'Build logs' })).toHaveTextContent('terraform plan ok');
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(p.onAction).toHaveBeenCalledWith({ kind: 'stop' });
    await userEvent.click(screen.getByRole('button', { name: 'Restart' }));
    expect(p.onAction).toHaveBeenCalledWith({ kind: 'restart' });
    expect(screen.queryByRole('button', { name: 'Start' })).toBeNull();
  });

  it('shows a failed build’s error with a retry', async () => {
    const p = props(withBuild(workspaceFixture({ name: 'dev', status: 'failed' }), { status: 'failed' }, { status: 'failed', error: 'terraform apply: boom' }));
    renderView(<WorkspacePageView {...p} />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The start build failed.');
    expect(alert).toHaveTextContent('terraform apply: boom');
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(p.onAction).toHaveBeenCalledWith({ kind: 'retry' });
  });

  it('deletes only after the name is typed', async () => {
    const p = props(withBuild(workspaceFixture({ name: 'dev', status: 'stopped' }), { status: 'stopped', transition: 'stop' }));
    renderView(<WorkspacePageView {...p} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Delete…' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete dev?' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete workspace' });
    expect(confirm).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText(/to confirm/), 'dev');
    await userEvent.click(confirm);
    expect(p.onAction).toHaveBeenCalledWith({ kind: 'delete' });
  });

  it('renames only where the deployment allows it, with a valid new name', async () => {
    const stopped = withBuild(workspaceFixture({ name: 'dev', status: 'stopped' }), { status: 'stopped', transition: 'stop' });
    const { unmount } = renderView(<WorkspacePageView {...props(stopped)} />);
    await screen.findByRole('button', { name: 'Delete…' });
    expect(screen.queryByRole('button', { name: 'Rename…' })).toBeNull();
    unmount();
    const p = props({ ...stopped, allow_renames: true });
    renderView(<WorkspacePageView {...p} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Rename…' }));
    const dialog = screen.getByRole('dialog', { name: 'Rename dev' });
    const confirm = within(dialog).getByRole('button', { name: 'Rename workspace' });
    expect(confirm).toBeDisabled();
    const field = within(dialog).getByLabelText('New name');
    await userEvent.clear(field);
    await userEvent.type(field, 'dev two');
    expect(confirm).toBeDisabled();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    await userEvent.clear(field);
    await userEvent.type(field, 'dev-2');
    await userEvent.click(confirm);
    expect(p.onAction).toHaveBeenCalledWith({ kind: 'rename', name: 'dev-2' });
  });

  it('starts with changed parameters, leaving immutable ones alone', async () => {
    const parameters = [param({ name: 'cpu', type: 'number', default_value: '2' }), param({ name: 'region', mutable: false, default_value: 'eu' })];
    const p = props(withBuild(workspaceFixture({ name: 'dev', status: 'stopped' }), { status: 'stopped', transition: 'stop' }), { parameters, currentValues: { cpu: '2', region: 'eu' } });
    renderView(<WorkspacePageView {...p} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Start with parameters…' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByLabelText('region')).toBeDisabled();
    const cpu = within(dialog).getByLabelText('cpu');
    await userEvent.clear(cpu);
    await userEvent.type(cpu, '4');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Start' }));
    expect(p.onAction).toHaveBeenCalledWith({ kind: 'start', parameters: [{ name: 'cpu', value: '4' }] });
  });

  it('tells why a build waits in the queue', async () => {
    const w = withBuild(workspaceFixture({ name: 'dev', status: 'pending' }), { status: 'pending', matched_provisioners: { count: 0, available: 0 } }, { status: 'pending', queue_position: 2, queue_size: 3 });
    const { unmount } = renderView(<WorkspacePageView {...props(w)} />);
    expect(await screen.findByText(/position 2 of 3/)).toHaveTextContent('No connected provisioner matches');
    expect(screen.queryByRole('link', { name: 'See which tags' })).toBeNull();
    unmount();
    // Owners may open the organization's jobs page, which names the tags.
    renderView(<WorkspacePageView {...props(w, { canViewProvisioners: true })} />);
    expect(await screen.findByRole('link', { name: 'See which tags' })).toHaveAttribute('href', '/organizations/coder/provisioner-jobs');
  });
});
