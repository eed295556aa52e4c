import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '@warren/sdk/client';
import type { LoginType } from '@warren/sdk/users';
import { describe, expect, it, vi } from 'vitest';
import { renderView } from '../../testing/render';
import { userFixture } from '../../testing/users';
import { AccountPageView } from './AccountPageView';

const idle = { pending: false, done: false };
const view = (loginType: LoginType, onConvert = vi.fn(), error?: unknown) =>
  renderView(
    <AccountPageView
      user={userFixture({ username: 'alice', login_type: loginType })}
      profile={idle}
      onSaveProfile={vi.fn()}
      password={idle}
      onChangePassword={vi.fn()}
      singleSignOn={{ signInText: 'Corporate SSO', pending: false, error, onConvert }}
    />,
  );

describe('the account page’s single sign-on section', () => {
  it('switches a password account to the provider once the password is given', async () => {
    const onConvert = vi.fn();
    view('password', onConvert);
    const section = within(await screen.findByRole('form', { name: 'Single sign-on' }));
    await userEvent.click(section.getByRole('button', { name: 'Use Corporate SSO' }));
    expect(onConvert).not.toHaveBeenCalled();
    expect(section.getByLabelText('Current password')).toHaveAccessibleDescription('Enter your current password.');
    await userEvent.type(section.getByLabelText('Current password'), 'the-password');
    await userEvent.click(section.getByRole('button', { name: 'Use Corporate SSO' }));
    expect(onConvert).toHaveBeenCalledWith('the-password');
  });

  it("shows the server's refusal", async () => {
    view('password', vi.fn(), new ApiError(401, { message: 'Incorrect email or password.' }));
    expect(await screen.findByText('Incorrect email or password.')).toBeInTheDocument();
  });

  it('is not offered to an account that already signs in another way', async () => {
    view('oidc');
    expect(await screen.findByText(/You sign in with oidc/)).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Single sign-on' })).toBeNull();
  });
});
