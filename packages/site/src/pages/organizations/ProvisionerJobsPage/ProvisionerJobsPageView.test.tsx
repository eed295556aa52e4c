import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderView } from '../../../testing/render';
import { daemonFixture, jobFixture } from '../fixtures';
import { ProvisionerJobsPageView, type ProvisionerJobsPageViewProps } from './ProvisionerJobsPageView';

const ORG = { scope: 'organization', owner: '' };
const daemon = daemonFixture({ name: 'onprem-1', tags: { ...ORG, environment: 'on_prem' } });
const props = (over: Partial<ProvisionerJobsPageViewProps> = {}): ProvisionerJobsPageViewProps => ({
  organization: 'coder',
  filter: 'active',
  onFilterChange: vi.fn(),
  jobs: [],
  daemons: [daemon],
  ...over,
});
const job = (id: string) => within(document.querySelector<HTMLElement>(`[data-job="${id}"]`)!);

describe('ProvisionerJobsPageView', () => {
  it('answers why a workspace build is pending: the tags no connected daemon has', async () => {
    const pending = jobFixture({ id: 'pending-1', tags: { ...ORG, environment: 'on_prem', region: 'mars' }, queue_position: 2, queue_size: 3 });
    const running = jobFixture({ id: 'running-1', status: 'running', worker_id: daemon.id, matched_provisioners: undefined, queue_position: 0, queue_size: 0 });
    renderView(<ProvisionerJobsPageView {...props({ jobs: [pending, running] })} />);
    await screen.findByRole('heading', { name: 'Provisioner jobs' });
    const p = job('pending-1');
    expect(p.getByText('Workspace build')).toBeInTheDocument();
    expect(p.getByText(/^dev · onprem/)).toBeInTheDocument();
    expect(p.getByText('Position 2 of 3')).toBeInTheDocument();
    expect(p.getByTestId('pending-reason')).toHaveTextContent('Why pending: No connected provisioner has the tag region=mars.');
    expect(p.getByText('region=mars').className).toContain('text-danger');
    expect(p.getByText('environment=on_prem').className).not.toContain('text-danger');
    expect(p.getByRole('link', { name: 'See the provisioners' })).toHaveAttribute('href', '/organizations/coder/provisioners');
    const r = job('running-1');
    expect(r.getByText('Running')).toBeInTheDocument();
    expect(r.getByText('onprem-1')).toBeInTheDocument();
    expect(r.queryByTestId('pending-reason')).toBeNull();
  });

  it('switches between active and all jobs with a labelled control', async () => {
    const onFilterChange = vi.fn();
    renderView(<ProvisionerJobsPageView {...props({ onFilterChange })} />);
    expect(await screen.findByRole('heading', { name: 'No jobs are queued or running' })).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Show'), 'All recent jobs');
    expect(onFilterChange).toHaveBeenCalledWith('all');
  });

  it('shows loading until both jobs and daemons are in, and errors with a retry', async () => {
    const { unmount } = renderView(<ProvisionerJobsPageView {...props({ daemons: undefined })} />);
    expect(await screen.findByRole('status')).toHaveTextContent('Loading provisioner jobs…');
    unmount();
    renderView(<ProvisionerJobsPageView {...props({ error: new Error('Network down.'), onRetry: vi.fn() })} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('The provisioner jobs could not be loaded.Network down.');
  });
});
