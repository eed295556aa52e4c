import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '@warren/sdk/client';
import { describe, expect, it, vi } from 'vitest';
import { renderView } from '../../testing/render';
import { CreateTokenPageView, type CreateTokenPageViewProps } from './CreateTokenPageView';
import { daysToNs } from './tokenLifetime';

const NOW = new Date(2026, 0, 10, 12, 0, 0).getTime();
const props = (over: Partial<CreateTokenPageViewProps> = {}): CreateTokenPageViewProps => ({
  maxLifetimeNs: daysToNs(365),
  onCreate: vi.fn(),
  pending: false,
  now: NOW,
  ...over,
});

describe('CreateTokenPageView', () => {
  it('offers Coder’s lifetimes within the deployment’s bound, 30 days first', async () => {
    const { unmount } = renderView(<CreateTokenPageView {...props()} />);
    const lifetime = await screen.findByLabelText('Lifetime');
    expect(lifetime).toHaveValue('30');
    expect([...(lifetime as HTMLSelectElement).options].map((o) => o.text)).toEqual(['7 days', '30 days', '60 days', '90 days', 'Custom…']);
    unmount();
    renderView(<CreateTokenPageView {...props({ maxLifetimeNs: daysToNs(14) })} />);
    const bounded = await screen.findByLabelText('Lifetime');
    expect([...(bounded as HTMLSelectElement).options].map((o) => o.text)).toEqual(['7 days', 'Custom…']);
    expect(bounded).toHaveAccessibleDescription('This deployment allows tokens of up to 14 days.');
  });

  it('creates a token with its name and lifetime, checking the name at the field', async () => {
    const p = props();
    renderView(<CreateTokenPageView {...p} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Create token' }));
    expect(p.onCreate).not.toHaveBeenCalled();
    const name = screen.getByLabelText('Name');
    expect(name).toHaveAccessibleDescription(expect.stringContaining('Enter a name for the token.'));
    await userEvent.type(name, 'has space');
    expect(name).toHaveAccessibleDescription(expect.stringContaining('Must contain only letters, digits, hyphens and underscores.'));
    await userEvent.clear(name);
    await userEvent.type(name, 'ci-job');
    await userEvent.selectOptions(screen.getByLabelText('Lifetime'), '7 days');
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));
    expect(p.onCreate).toHaveBeenCalledWith({ token_name: 'ci-job', lifetime: daysToNs(7), scope: 'all' });
  });

  it('takes a custom expiry day, refusing one past the bound', async () => {
    const p = props({ maxLifetimeNs: daysToNs(30) });
    renderView(<CreateTokenPageView {...p} />);
    await userEvent.type(await screen.findByLabelText('Name'), 'custom');
    await userEvent.selectOptions(screen.getByLabelText('Lifetime'), 'Custom…');
    const day = screen.getByLabelText('Expires on');
    await userEvent.clear(day);
    await userEvent.type(day, '2026-06-01');
    expect(day).toHaveAccessibleDescription('Choose a day within 30 days: the deployment allows no longer.');
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));
    expect(p.onCreate).not.toHaveBeenCalled();
    await userEvent.clear(day);
    await userEvent.type(day, '2026-01-12');
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));
    expect(p.onCreate).toHaveBeenCalledWith({ token_name: 'custom', lifetime: (new Date(2026, 0, 12, 23, 59, 59).getTime() - NOW) * 1e6, scope: 'all' });
  });

  it('shows a taken name at the field', async () => {
    const error = new ApiError(409, { message: 'A token with name "ci" already exists.', validations: [{ field: 'name', detail: 'This value is already in use and should be unique.' }] });
    renderView(<CreateTokenPageView {...props({ error })} />);
    expect(await screen.findByLabelText('Name')).toHaveAccessibleDescription(expect.stringContaining('This value is already in use and should be unique.'));
  });

  it('shows the new secret once with a copy button', async () => {
    const user = userEvent.setup(); // with its clipboard
    renderView(<CreateTokenPageView {...props({ createdKey: 'abc-secret' })} />);
    expect(await screen.findByLabelText('Your new token')).toHaveValue('abc-secret');
    expect(screen.queryByLabelText('Name')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Copy token' }));
    expect(await navigator.clipboard.readText()).toBe('abc-secret');
    expect(screen.getByText('Copied to the clipboard.')).toBeInTheDocument();
  });

  it('shows loading and the settings’ error', async () => {
    const { unmount } = renderView(<CreateTokenPageView {...props({ maxLifetimeNs: undefined })} />);
    expect(await screen.findByRole('status')).toHaveTextContent('Loading token settings');
    unmount();
    renderView(<CreateTokenPageView {...props({ maxLifetimeNs: undefined, configError: new Error('No route.') })} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('No route.');
  });
});
