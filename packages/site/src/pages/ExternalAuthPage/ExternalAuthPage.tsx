import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { externalAuthProvider } from '../../api/queries/externalAuth';
import { dashboardOpener, notifyOpener } from '../../hooks/externalAuthWindow';
import { ExternalAuthPageView, type ExternalAuthPageState } from './ExternalAuthPageView';
import { useDeviceLogin } from './useDeviceLogin';

/** The server's side of the browser flow: it sends the browser to the provider and back here. */
export const externalAuthCallbackPath = (provider: string) => `/external-auth/${encodeURIComponent(provider)}/callback`;

const startBrowserFlow = (provider: string) => window.location.assign(externalAuthCallbackPath(provider));

/**
 * `/external-auth/:provider`, where a person links their account at a provider (the agent's
 * git credential helper and the create-workspace page send them here). Not linked yet: the device
 * flow's code, or straight on to the provider; back from it (`?redirected=true`) and still not
 * linked: why, and a way to try again.
 */
export function ExternalAuthPage() {
  const { provider = '' } = useParams();
  const [search] = useSearchParams();
  const status = useQuery(externalAuthProvider(provider));
  const data = status.data;
  const mode = !data ? undefined : data.authenticated ? 'authenticated' : data.device ? 'device' : search.get('redirected') === 'true' ? 'failed' : 'redirect';
  const deviceLogin = useDeviceLogin(provider, mode === 'device');
  const [opener] = useState(dashboardOpener);

  useEffect(() => {
    if (mode === 'redirect') startBrowserFlow(provider);
  }, [mode, provider]);

  useEffect(() => {
    if (mode !== 'authenticated' || !opener) return;
    notifyOpener(opener, provider);
    window.close();
  }, [mode, opener, provider]);

  return <ExternalAuthPageView state={pageState()} />;

  function pageState(): ExternalAuthPageState {
    if (status.isError) return { kind: 'load-failed', error: status.error, onRetry: () => void status.refetch() };
    if (!data) return { kind: 'loading' };
    const displayName = data.display_name || provider;
    switch (mode) {
      case 'authenticated':
        return { kind: 'authenticated', displayName, user: data.user, inPopup: opener !== null };
      case 'device':
        return { kind: 'device', displayName, device: deviceLogin.device, error: deviceLogin.error, expired: deviceLogin.expired, onRestart: deviceLogin.restart };
      case 'failed':
        return { kind: 'failed', displayName, reason: search.get('error') ?? undefined, onTryAgain: () => startBrowserFlow(provider) };
      default:
        return { kind: 'redirecting', displayName };
    }
  }
}
