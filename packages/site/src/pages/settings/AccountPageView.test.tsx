import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '@warren/sdk/client';
import { describe, expect, it, vi } from 'vitest';
import { renderView } from '../../testing/render';
import { userFixture } from '../../testing/users';
import { AccountPageView, type AccountPageViewProps } from './AccountPageView';

const idle = { pending: false, done: false };
const props = (over: Partial<AccountPageViewProps> = {}): AccountPageViewProps => ({
  user: userFixture({ username: 'alice', name: 'Alice Liddell' }),
  profile: idle,
  onSaveProfile: vi.fn(),
  password: idle,
  onChangePassword: vi.fn(),
  ...over,
});

describe('AccountPageView', () => {
  it('shows the email, and saves a changed name and username', async () => {
    const p = props();
    renderView(<AccountPageView {...p} />);
    expect(await screen.findByLabelText('Email')).toHaveValue('alice@example.com');
    expect(screen.getByLabelText('Email')).toBeDisabled();
    const name = screen.getByLabelText('Name');
    expect(name).toHaveValue('Alice Liddell');
    await userEvent.clear(name);
    await userEvent.type(name, 'Alice L.');
    await userEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(p.onSaveProfile).toHaveBeenCalledWith({ username: 'alice', name: 'Alice L.' });
  });

  it('checks the username as it is typed and shows the server’s verdict at the field', async () => {
    const p = props();
    const { unmount } = renderView(<AccountPageView {...p} />);
    const username = await screen.findByLabelText('Username');
    await userEvent.clear(username);
    await userEvent.type(username, 'bad name');
    expect(username).toHaveAttribute('aria-invalid', 'true');
    expect(username).toHaveAccessibleDescription('Must be alphanumeric with single hyphens between words.');
    await userEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(p.onSaveProfile).not.toHaveBeenCalled();
    unmount();
    const taken = new ApiError(409, { message: 'A user with this username already exists.', validations: [{ field: 'username', detail: 'This username is already in use.' }] });
    renderView(<AccountPageView {...props({ profile: { pending: false, done: false, error: taken } })} />);
    expect(await screen.findByLabelText('Username')).toHaveAccessibleDescription('This username is already in use.');
  });

  it('asks for the current password and a repeated new one before changing it', async () => {
    const p = props();
    renderView(<AccountPageView {...p} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Change password' }));
    expect(p.onChangePassword).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Current password')).toHaveAccessibleDescription('Enter your current password.');
    await userEvent.type(screen.getByLabelText('Current password'), 'old-Passw0rd!');
    await userEvent.type(screen.getByLabelText('New password'), 'N3w-and-long-password');
    await userEvent.type(screen.getByLabelText('Confirm new password'), 'N3w-and-long-passwor');
    expect(screen.getByLabelText('Confirm new password')).toHaveAccessibleDescription('The passwords do not match.');
    await userEvent.type(screen.getByLabelText('Confirm new password'), 'd');
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(p.onChangePassword).toHaveBeenCalledWith({ old_password: 'old-Passw0rd!', password: 'N3w-and-long-password' });
  });

  it('says a new password is too weak once typing pauses, asking the server', async () => {
    const checkPassword = vi.fn(async (pw: string) => (pw.length < 12 ? { valid: false, details: 'Password is too easy to guess.' } : { valid: true, details: '' }));
    renderView(<AccountPageView {...props({ checkPassword })} />);
    const field = await screen.findByLabelText('New password');
    await userEvent.type(field, 'short1');
    await waitFor(() => expect(field).toHaveAccessibleDescription('Password is too easy to guess.'));
    expect(checkPassword).toHaveBeenLastCalledWith('short1');
    await userEvent.type(field, '-now-long-enough');
    await waitFor(() => expect(checkPassword).toHaveBeenLastCalledWith('short1-now-long-enough'));
    await waitFor(() => expect(field).not.toHaveAttribute('aria-invalid'));
  });

  it('shows the server’s password verdicts at their fields, and leads to sign in again once changed', async () => {
    const wrong = new ApiError(400, { message: 'Old password is incorrect.', validations: [{ field: 'old_password', detail: 'Old password is incorrect.' }] });
    const { unmount } = renderView(<AccountPageView {...props({ password: { pending: false, done: false, error: wrong } })} />);
    expect(await screen.findByLabelText('Current password')).toHaveAccessibleDescription('Old password is incorrect.');
    unmount();
    renderView(<AccountPageView {...props({ password: { pending: false, done: true } })} />);
    expect(await screen.findByRole('link', { name: 'Sign in again' })).toHaveAttribute('href', '/login?redirect=%2Fsettings%2Faccount');
  });

  it('has no password form for users who sign in some other way', async () => {
    renderView(<AccountPageView {...props({ user: userFixture({ username: 'bot', login_type: 'oidc' }) })} />);
    expect(await screen.findByText(/You sign in with oidc/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Current password')).toBeNull();
  });
});
