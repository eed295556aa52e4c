import type { ExternalAuthDevice, ExternalAuthUser } from '@warren/sdk/external-auth';
import { Link } from 'react-router';
import { Button, buttonClass } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { useDocumentTitle } from '../../components/PageHeader';
import { ErrorAlert, Loader } from '../../components/States';
import { AuthCard } from '../LoginPage/LoginPageView';

/** What the page shows; the page works out which from the provider's status and the address. */
export type ExternalAuthPageState =
  | { kind: 'loading' }
  | { kind: 'load-failed'; error: unknown; onRetry: () => void }
  /** On the way to the provider (the browser is leaving). */
  | { kind: 'redirecting'; displayName: string }
  /** `inPopup`: opened by a dashboard page, which has been told; this window closes itself. */
  | { kind: 'authenticated'; displayName: string; user: ExternalAuthUser | null; inPopup: boolean }
  | { kind: 'device'; displayName: string; device?: ExternalAuthDevice; error?: unknown; expired: boolean; onRestart: () => void }
  /** Back from the provider and still not authenticated; `reason` is the server's sentence. */
  | { kind: 'failed'; displayName: string; reason?: string; onTryAgain: () => void };

/** Linking the user's account at an external auth provider (a git host), as Coder's page does. */
export function ExternalAuthPageView({ state }: { state: ExternalAuthPageState }) {
  const name = 'displayName' in state ? state.displayName : 'the provider';
  const title = state.kind === 'authenticated' ? `You've authenticated with ${name}!` : `Log in with ${name}`;
  useDocumentTitle(title);
  return (
    <AuthCard title={title}>
      <Body state={state} />
    </AuthCard>
  );
}

function Body({ state }: { state: ExternalAuthPageState }) {
  switch (state.kind) {
    case 'loading':
      return <Loader label="Checking your link…" />;
    case 'load-failed':
      return <ErrorAlert title="The provider could not be loaded." error={state.error} onRetry={state.onRetry} />;
    case 'redirecting':
      return <Loader label={`Taking you to ${state.displayName}…`} />;
    case 'authenticated':
      return (
        <div className="flex flex-col gap-4 text-sm">
          <p>
            {state.user ? `Hey @${state.user.login}! ` : ''}Workspaces you create or start can now use your {state.displayName} account.
          </p>
          {state.inPopup ? (
            <p className="text-content-muted">The page that opened this window has been told; you can close it.</p>
          ) : (
            <Link to="/workspaces" className={buttonClass('primary')}>
              Go to your workspaces
            </Link>
          )}
        </div>
      );
    case 'device':
      return <DeviceCode state={state} />;
    case 'failed':
      return (
        <div className="flex flex-col gap-4">
          <ErrorAlert title={`Linking your ${state.displayName} account failed.`} error={new Error(state.reason || `${state.displayName} did not give Warren a token that works.`)} />
          <Button variant="primary" onClick={state.onTryAgain}>
            Try again
          </Button>
        </div>
      );
  }
}

function DeviceCode({ state }: { state: Extract<ExternalAuthPageState, { kind: 'device' }> }) {
  if (state.error !== undefined && state.error !== null) {
    return <ErrorAlert title={`Logging in with ${state.displayName} failed.`} error={state.error} onRetry={state.onRestart} />;
  }
  if (state.expired) {
    return (
      <div className="flex flex-col gap-4 text-sm">
        <p>The code expired before it was entered.</p>
        <Button variant="primary" onClick={state.onRestart}>
          Get a new code
        </Button>
      </div>
    );
  }
  if (!state.device) return <Loader label={`Asking ${state.displayName} for a code…`} />;
  const { user_code: code, verification_uri: uri } = state.device;
  return (
    <div className="flex flex-col gap-4 text-sm">
      <p>Copy your one-time code, then enter it on {state.displayName}'s page:</p>
      <div className="flex items-center gap-2">
        <output aria-label="Your one-time code" className="rounded-md border border-border bg-surface-sunken px-3 py-2 font-mono text-lg tracking-widest">
          {code}
        </output>
        <CopyButton text={code} label="Copy code" variant="secondary" />
      </div>
      <a href={uri} target="_blank" rel="noreferrer" className={buttonClass('primary')}>
        Open {uri}
      </a>
      <Loader label="Waiting for you to enter the code…" />
    </div>
  );
}
