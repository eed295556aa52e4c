import { screen, within } from '@testing-library/react';
import { ApiError } from '@warren/sdk/client';
import { describe, expect, it, vi } from 'vitest';
import { renderView } from '../../../testing/render';
import { daemonFixture } from '../fixtures';
import { ProvisionersPageView } from './ProvisionersPageView';

const row = (name: string) => document.querySelector<HTMLElement>(`[data-daemon="${name}"]`)!;

describe('ProvisionersPageView', () => {
  it('lists each daemon with its key, tags, version, status, last contact and current job', async () => {
    const daemons = [
      daemonFixture({ name: 'onprem-1', tags: { scope: 'organization', owner: '', environment: 'on_prem' }, status: 'busy', current_job: { id: 'abcdef12-0000', status: 'running', template_name: 'docker' } }),
      daemonFixture({ name: 'old', key_name: 'psk', status: 'offline', last_seen_at: new Date(Date.now() - 3 * 3600_000).toISOString(), previous_job: { id: 'x', status: 'failed' } }),
    ];
    renderView(<ProvisionersPageView organization="coder" daemons={daemons} />);
    expect(await screen.findByRole('heading', { name: 'Provisioners' })).toBeInTheDocument();
    const busy = within(row('onprem-1'));
    expect(busy.getByText('onprem')).toBeInTheDocument();
    expect(busy.getByText('environment=on_prem')).toBeInTheDocument();
    expect(busy.getByText('scope=organization')).toBeInTheDocument();
    expect(busy.queryByText('owner=')).toBeNull();
    expect(busy.getByText('v2.20.0')).toBeInTheDocument();
    expect(busy.getByText('Busy')).toBeInTheDocument();
    expect(busy.getByText('abcdef12')).toBeInTheDocument();
    expect(busy.getByText('docker')).toBeInTheDocument();
    const old = within(row('old'));
    expect(old.getByText('Offline')).toBeInTheDocument();
    expect(old.getByText('3 hours ago')).toBeInTheDocument();
    expect(old.getByText('none (last: failed)')).toBeInTheDocument();
  });

  it('leads to creating a key when no daemon has connected', async () => {
    renderView(<ProvisionersPageView organization="coder" daemons={[]} />);
    expect(await screen.findByRole('heading', { name: 'No provisioners have connected' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Create a provisioner key' })).toHaveAttribute('href', '/organizations/coder/provisioner-keys');
  });

  it('shows loading, then an error with a retry', async () => {
    const { unmount } = renderView(<ProvisionersPageView organization="coder" />);
    expect(await screen.findByRole('status')).toHaveTextContent('Loading provisioners…');
    unmount();
    const onRetry = vi.fn();
    renderView(<ProvisionersPageView organization="coder" error={new ApiError(500, { message: 'Database is down.' })} onRetry={onRetry} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('The provisioners could not be loaded.Database is down.');
    screen.getByRole('button', { name: 'Try again' }).click();
    expect(onRetry).toHaveBeenCalled();
  });
});
