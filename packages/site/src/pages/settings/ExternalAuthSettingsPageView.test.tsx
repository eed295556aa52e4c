import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ExternalAuthLink, ExternalAuthLinkProvider } from '@warren/sdk/external-auth';
import { describe, expect, it, vi } from 'vitest';
import { renderView } from '../../testing/render';
import { ExternalAuthSettingsPageView } from './ExternalAuthSettingsPageView';

const provider = (id: string, display_name: string): ExternalAuthLinkProvider => ({
  id,
  type: id,
  device: false,
  display_name,
  display_icon: '',
  allow_refresh: true,
  allow_validate: true,
  supports_revocation: true,
});
const link = (provider_id: string, over: Partial<ExternalAuthLink> = {}): ExternalAuthLink => ({
  provider_id,
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-01T00:00:00Z',
  has_refresh_token: true,
  expires: '0001-01-01T00:00:00Z',
  authenticated: true,
  validate_error: '',
  ...over,
});
const corp = provider('corp-git', 'Corp Git');
const github = provider('github', 'GitHub');
const gitlab = provider('gitlab', 'GitLab');
const row = (id: string) => document.querySelector<HTMLElement>(`tr[data-provider="${id}"]`)!;

describe('ExternalAuthSettingsPageView', () => {
  it('shows each provider’s state, a login for unlinked ones and the reason a token does not work', async () => {
    const data = { providers: [corp, github, gitlab], links: [link('corp-git'), link('gitlab', { authenticated: false, validate_error: 'The token was revoked.' })] };
    renderView(<ExternalAuthSettingsPageView data={data} onUnlink={vi.fn()} />);
    await screen.findByRole('table', { name: 'External authentication providers' });
    expect(within(row('corp-git')).getByText('Linked')).toBeInTheDocument();
    expect(within(row('corp-git')).queryByRole('link')).not.toBeInTheDocument();
    expect(within(row('github')).getByText('Not linked')).toBeInTheDocument();
    expect(within(row('github')).getByRole('link', { name: 'Login with GitHub' })).toHaveAttribute('href', '/external-auth/github');
    expect(within(row('github')).queryByRole('button', { name: 'Unlink GitHub' })).not.toBeInTheDocument();
    expect(within(row('gitlab')).getByText('The token was revoked.')).toBeInTheDocument();
    expect(within(row('gitlab')).getByRole('link', { name: 'Login with GitLab' })).toBeInTheDocument();
    expect(within(row('gitlab')).getByRole('button', { name: 'Unlink GitLab' })).toBeInTheDocument();
  });

  it('unlinks only after confirming', async () => {
    const onUnlink = vi.fn();
    renderView(<ExternalAuthSettingsPageView data={{ providers: [corp], links: [link('corp-git')] }} onUnlink={onUnlink} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Unlink Corp Git' }));
    const dialog = await screen.findByRole('dialog', { name: 'Unlink Corp Git' });
    expect(dialog).toHaveTextContent('asks the provider to revoke the token');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(onUnlink).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Unlink Corp Git' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Unlink' }));
    expect(onUnlink).toHaveBeenCalledWith(corp);
  });

  it('says whether the provider revoked the token', async () => {
    const data = { providers: [corp], links: [] };
    const { unmount } = renderView(<ExternalAuthSettingsPageView data={data} onUnlink={vi.fn()} unlinked={{ provider: corp, token_revoked: true }} />);
    expect(await screen.findByText('Unlinked Corp Git. Corp Git revoked the token.')).toBeInTheDocument();
    unmount();
    renderView(<ExternalAuthSettingsPageView data={data} onUnlink={vi.fn()} unlinked={{ provider: corp, token_revoked: false, token_revocation_error: 'unsupported_token_type' }} />);
    expect(await screen.findByText('Unlinked Corp Git. Corp Git did not revoke the token: unsupported_token_type')).toBeInTheDocument();
  });

  it('says plainly when the deployment has no provider', async () => {
    renderView(<ExternalAuthSettingsPageView data={{ providers: [], links: [] }} onUnlink={vi.fn()} />);
    expect(await screen.findByRole('heading', { name: 'No external authentication providers' })).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows loading, then an error with a retry', async () => {
    const { unmount } = renderView(<ExternalAuthSettingsPageView onUnlink={vi.fn()} />);
    expect(await screen.findByRole('status')).toHaveTextContent('Loading external authentication');
    unmount();
    const onRetry = vi.fn();
    renderView(<ExternalAuthSettingsPageView onUnlink={vi.fn()} error={new Error('The server is down.')} onRetry={onRetry} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('The server is down.');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalled();
  });
});
