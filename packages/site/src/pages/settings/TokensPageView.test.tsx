import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { APIKey } from '@warren/sdk/apikeys';
import { describe, expect, it, vi } from 'vitest';
import { renderView } from '../../testing/render';
import { TokensPageView } from './TokensPageView';

const token = (name: string): APIKey => ({
  id: `id-${name}`,
  user_id: 'u1',
  last_used: '0001-01-01T00:00:00Z',
  expires_at: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  created_at: new Date(Date.now() - 3600_000).toISOString(),
  updated_at: new Date().toISOString(),
  login_type: 'token',
  scope: 'all',
  token_name: name,
  lifetime_seconds: 30 * 86_400,
});

describe('TokensPageView', () => {
  it('lists tokens and deletes one only after confirming', async () => {
    const onDelete = vi.fn();
    renderView(<TokensPageView tokens={[token('ci'), token('ood')]} onDelete={onDelete} />);
    const rows = await screen.findAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByText('ci')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('never')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('in 4 weeks')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Delete token ood' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete token' });
    expect(dialog).toHaveTextContent('ood');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(onDelete).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Delete token ood' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete token' }));
    expect(onDelete).toHaveBeenCalledWith(expect.objectContaining({ token_name: 'ood' }));
  });

  it('leads to creating the first token', async () => {
    renderView(<TokensPageView tokens={[]} onDelete={vi.fn()} />);
    expect(await screen.findByRole('heading', { name: 'No tokens yet' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Create a token' })).toHaveAttribute('href', '/settings/tokens/new');
  });

  it('shows loading, then an error with a retry', async () => {
    const { unmount } = renderView(<TokensPageView onDelete={vi.fn()} />);
    expect(await screen.findByRole('status')).toHaveTextContent('Loading tokens');
    unmount();
    const onRetry = vi.fn();
    renderView(<TokensPageView onDelete={vi.fn()} error={new Error('The server is down.')} onRetry={onRetry} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('The server is down.');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalled();
  });
});
