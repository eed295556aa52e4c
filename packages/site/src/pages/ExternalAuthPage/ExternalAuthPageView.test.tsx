import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '@warren/sdk/client';
import { describe, expect, it, vi } from 'vitest';
import { deviceExchangeWaiting } from '../../api/queries/externalAuth';
import { renderView } from '../../testing/render';
import { ExternalAuthPageView } from './ExternalAuthPageView';

const device = { device_code: 'dc', user_code: 'WDJB-MJHT', verification_uri: 'https://git.corp.example/device', expires_in: 900, interval: 5 };

describe('ExternalAuthPageView', () => {
  it('says the account is linked, greets the provider user, and leads on to the workspaces', async () => {
    renderView(<ExternalAuthPageView state={{ kind: 'authenticated', displayName: 'Corp Git', user: { id: 1, login: 'grace', avatar_url: '', profile_url: '', name: 'Grace' }, inPopup: false }} />);
    expect(await screen.findByRole('heading', { name: "You've authenticated with Corp Git!" })).toBeInTheDocument();
    expect(screen.getByText(/Hey @grace!/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to your workspaces' })).toHaveAttribute('href', '/workspaces');
    expect(document.title).toBe("You've authenticated with Corp Git! – Warren");
  });

  it('in a popup, says the opener was told instead of linking away', async () => {
    renderView(<ExternalAuthPageView state={{ kind: 'authenticated', displayName: 'Corp Git', user: null, inPopup: true }} />);
    expect(await screen.findByText(/has been told; you can close it/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Go to your workspaces' })).not.toBeInTheDocument();
  });

  it('shows the device code, the provider’s page to enter it at, and that it is waiting', async () => {
    renderView(<ExternalAuthPageView state={{ kind: 'device', displayName: 'Corp Git', device, expired: false, onRestart: vi.fn() }} />);
    expect(await screen.findByLabelText('Your one-time code')).toHaveTextContent('WDJB-MJHT');
    expect(screen.getByRole('link', { name: 'Open https://git.corp.example/device' })).toHaveAttribute('href', device.verification_uri);
    expect(screen.getByText('Waiting for you to enter the code…')).toBeInTheDocument();
  });

  it('shows a refused device code with a way to start over, and an expired one', async () => {
    const onRestart = vi.fn();
    const refusal = new ApiError(400, { message: 'Failed to exchange the device code.', detail: 'access_denied: the user said no' });
    const { unmount } = renderView(<ExternalAuthPageView state={{ kind: 'device', displayName: 'Corp Git', device, error: refusal, expired: false, onRestart }} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('access_denied: the user said no');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRestart).toHaveBeenCalledTimes(1);
    unmount();
    renderView(<ExternalAuthPageView state={{ kind: 'device', displayName: 'Corp Git', device, expired: true, onRestart }} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Get a new code' }));
    expect(onRestart).toHaveBeenCalledTimes(2);
  });

  it('back from the provider without a link: the server’s reason, or a plain one, and Try again', async () => {
    const onTryAgain = vi.fn();
    const { unmount } = renderView(<ExternalAuthPageView state={{ kind: 'failed', displayName: 'Corp Git', reason: 'Corp Git refused the authorization: access_denied.', onTryAgain }} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Corp Git refused the authorization: access_denied.');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onTryAgain).toHaveBeenCalled();
    unmount();
    renderView(<ExternalAuthPageView state={{ kind: 'failed', displayName: 'Corp Git', onTryAgain }} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Corp Git did not give Warren a token that works.');
  });

  it('shows loading, the way to the provider, and a provider that could not be loaded', async () => {
    const { unmount } = renderView(<ExternalAuthPageView state={{ kind: 'redirecting', displayName: 'Corp Git' }} />);
    expect(await screen.findByRole('status')).toHaveTextContent('Taking you to Corp Git…');
    unmount();
    renderView(<ExternalAuthPageView state={{ kind: 'load-failed', error: new ApiError(404, { message: 'External auth provider "x" not found.' }), onRetry: vi.fn() }} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('External auth provider "x" not found.');
  });
});

describe('deviceExchangeWaiting', () => {
  it('keeps waiting on authorization_pending and slow_down, and stops on anything else', () => {
    const refusal = (detail: string) => new ApiError(400, { message: 'Failed to exchange the device code.', detail });
    expect(deviceExchangeWaiting(refusal('authorization_pending'))).toBe('pending');
    expect(deviceExchangeWaiting(refusal('slow_down: polling too fast'))).toBe('slow_down');
    expect(deviceExchangeWaiting(refusal('expired_token'))).toBeUndefined();
    expect(deviceExchangeWaiting(new ApiError(503, { message: 'unavailable', detail: 'authorization_pending' }))).toBeUndefined();
    expect(deviceExchangeWaiting(new Error('authorization_pending'))).toBeUndefined();
  });
});
