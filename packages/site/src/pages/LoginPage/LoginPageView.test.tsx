import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '@warren/sdk/client';
import { describe, expect, it, vi } from 'vitest';
import { renderView } from '../../testing/render';
import { safeRedirect } from './LoginPage';
import { LoginPageView } from './LoginPageView';

describe('LoginPageView', () => {
  it('submits the trimmed email and the password', async () => {
    const onSubmit = vi.fn();
    renderView(<LoginPageView onSubmit={onSubmit} isSubmitting={false} />);
    await userEvent.type(await screen.findByLabelText('Email or username'), ' alice@example.com ');
    await userEvent.type(screen.getByLabelText('Password'), 'hunter2');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(onSubmit).toHaveBeenCalledWith({ email: 'alice@example.com', password: 'hunter2' });
  });

  it('says which field is missing instead of submitting', async () => {
    const onSubmit = vi.fn();
    renderView(<LoginPageView onSubmit={onSubmit} isSubmitting={false} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Email or username')).toHaveAccessibleDescription('Enter your email or username.');
    expect(screen.getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true');
  });

  it('offers OpenID Connect when the deployment has it, coming back to the page asked for', async () => {
    renderView(<LoginPageView onSubmit={vi.fn()} isSubmitting={false} oidc={{ signInText: 'Corporate SSO', iconUrl: '', redirect: '/templates?x=1' }} />);
    const link = await screen.findByRole('link', { name: 'Sign in with Corporate SSO' });
    expect(link).toHaveAttribute('href', '/api/v2/users/oidc/callback?redirect=%2Ftemplates%3Fx%3D1');
    expect(screen.queryByText(/Only owners/)).toBeNull();
    renderView(<LoginPageView onSubmit={vi.fn()} isSubmitting={false} passwordOwnersOnly />);
    expect(screen.getAllByRole('link', { name: /Sign in with/ })).toHaveLength(1);
    expect(screen.getByText('Only owners sign in with a password on this deployment.')).toBeInTheDocument();
  });

  it("shows why the identity provider's sign-in was refused", async () => {
    renderView(<LoginPageView onSubmit={vi.fn()} isSubmitting={false} providerError="Signups are disabled for OIDC authentication!" />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Signing in with your identity provider failed.');
    expect(alert).toHaveTextContent('Signups are disabled for OIDC authentication!');
  });

  it("shows the server's message", async () => {
    const error = new ApiError(401, { message: 'Incorrect email or password.' });
    renderView(<LoginPageView onSubmit={vi.fn()} isSubmitting={false} error={error} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Incorrect email or password.');
  });
});

describe('safeRedirect', () => {
  it('keeps paths on this site and refuses others', () => {
    expect(safeRedirect('/@alice/dev?x=1')).toBe('/@alice/dev?x=1');
    expect(safeRedirect('https://evil.example')).toBe('/workspaces');
    expect(safeRedirect('//evil.example/x')).toBe('/workspaces');
    expect(safeRedirect('/\\evil.example')).toBe('/workspaces');
    expect(safeRedirect(null)).toBe('/workspaces');
  });
});
