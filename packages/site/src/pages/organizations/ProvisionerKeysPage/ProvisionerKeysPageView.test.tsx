import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ProvisionerKey } from '@warren/sdk/provisioners';
import { describe, expect, it, vi } from 'vitest';
import { renderView } from '../../../testing/render';
import { keyNameProblem } from './key-form';
import { ProvisionerKeysPageView, type ProvisionerKeysPageViewProps } from './ProvisionerKeysPageView';

const key: ProvisionerKey = { id: 'k1', created_at: new Date(Date.now() - 86400_000).toISOString(), organization: 'o1', name: 'onprem', tags: { environment: 'on_prem' } };
const props = (over: Partial<ProvisionerKeysPageViewProps> = {}): ProvisionerKeysPageViewProps => ({
  organization: 'coder',
  keys: [key],
  onCreate: vi.fn(),
  creating: false,
  onCreateDone: vi.fn(),
  onDelete: vi.fn(),
  ...over,
});

describe('ProvisionerKeysPageView', () => {
  it('lists keys with their tags', async () => {
    renderView(<ProvisionerKeysPageView {...props()} />);
    const row = within(await screen.findByRole('row', { name: /onprem/ }));
    expect(row.getByText('environment=on_prem')).toBeInTheDocument();
    expect(row.getByText('yesterday')).toBeInTheDocument();
  });

  it('checks the name and tags as typed, then creates the key with its tags', async () => {
    const onCreate = vi.fn();
    renderView(<ProvisionerKeysPageView {...props({ onCreate })} />);
    await userEvent.click(await screen.findByRole('button', { name: 'New provisioner key' }));
    const dialog = within(screen.getByRole('dialog', { name: 'New provisioner key' }));
    await userEvent.type(dialog.getByLabelText('Key name'), 'bad name');
    expect(dialog.getByLabelText('Key name')).toHaveAccessibleDescription(/Must be letters and digits/);
    await userEvent.click(dialog.getByRole('button', { name: 'Add tag' }));
    await userEvent.click(dialog.getByRole('button', { name: 'Create key' }));
    expect(onCreate).not.toHaveBeenCalled();
    expect(dialog.getByRole('alert')).toHaveTextContent('A tag needs a key.');

    await userEvent.clear(dialog.getByLabelText('Key name'));
    await userEvent.type(dialog.getByLabelText('Key name'), 'k8s-key');
    await userEvent.type(dialog.getByLabelText('Tag 1 key'), 'environment');
    await userEvent.type(dialog.getByLabelText('Tag 1 value'), 'kubernetes');
    await userEvent.click(dialog.getByRole('button', { name: 'Add tag' }));
    await userEvent.type(dialog.getByLabelText('Tag 2 key'), 'region');
    await userEvent.type(dialog.getByLabelText('Tag 2 value'), 'eu');
    await userEvent.click(dialog.getByRole('button', { name: 'Create key' }));
    expect(onCreate).toHaveBeenCalledWith({ name: 'k8s-key', tags: { environment: 'kubernetes', region: 'eu' } });
  });

  it('shows the new secret once with a copy button, and forgets it when done', async () => {
    const onCreateDone = vi.fn();
    const user = userEvent.setup();
    // The page passes the secret in once the server has answered.
    renderView(<ProvisionerKeysPageView {...props({ onCreateDone, createdSecret: 's3cr3t-key-value' })} />);
    await user.click(await screen.findByRole('button', { name: 'New provisioner key' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Provisioner key created' }));
    expect(dialog.getByLabelText('Provisioner key secret')).toHaveValue('s3cr3t-key-value');
    await user.click(dialog.getByRole('button', { name: 'Copy key' }));
    expect(await navigator.clipboard.readText()).toBe('s3cr3t-key-value');
    expect(dialog.getByText('Copied to the clipboard.')).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Done' }));
    expect(onCreateDone).toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('deletes a key only after confirmation', async () => {
    const onDelete = vi.fn();
    renderView(<ProvisionerKeysPageView {...props({ onDelete })} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Delete key onprem' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Delete key onprem?' }));
    await userEvent.click(dialog.getByRole('button', { name: 'Cancel' }));
    expect(onDelete).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Delete key onprem' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete key' }));
    expect(onDelete).toHaveBeenCalledWith('onprem');
  });

  it('has an empty state, a loading state and refuses reserved names', async () => {
    renderView(<ProvisionerKeysPageView {...props({ keys: [] })} />);
    expect(await screen.findByRole('heading', { name: 'No provisioner keys yet' })).toBeInTheDocument();
    expect(keyNameProblem('PSK')).toContain('built-in');
    expect(keyNameProblem('ok_key-1')).toBeUndefined();
  });
});

