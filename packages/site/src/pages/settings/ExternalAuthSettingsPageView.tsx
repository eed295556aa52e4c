import type { DeleteExternalAuthByIDResponse, ExternalAuthLink, ExternalAuthLinkProvider, ListUserExternalAuthResponse } from '@warren/sdk/external-auth';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button, buttonClass } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorAlert, Loader } from '../../components/States';
import { Table } from '../../components/Table';
import { TemplateIcon } from '../../components/TemplateIcon';

/** The answer to the last unlink, with the provider it was for. */
export interface UnlinkOutcome extends DeleteExternalAuthByIDResponse {
  provider: ExternalAuthLinkProvider;
}

export interface ExternalAuthSettingsPageViewProps {
  data?: ListUserExternalAuthResponse;
  error?: unknown;
  onRetry?: () => void;
  onUnlink: (provider: ExternalAuthLinkProvider) => void;
  unlinkingId?: string;
  unlinkError?: unknown;
  unlinked?: UnlinkOutcome;
}

const present = (e: unknown) => e !== undefined && e !== null;

/** The user's links to the deployment's external auth providers (git hosts and the like). */
export function ExternalAuthSettingsPageView(p: ExternalAuthSettingsPageViewProps) {
  const [confirming, setConfirming] = useState<ExternalAuthLinkProvider | undefined>();
  return (
    <>
      <PageHeader title="External authentication" subtitle="Accounts at other services (git hosts and the like) that your workspaces may use on your behalf." />
      {p.unlinked && <UnlinkedNotice outcome={p.unlinked} />}
      {present(p.unlinkError) && (
        <div className="mb-4">
          <ErrorAlert title="The link could not be removed." error={p.unlinkError} />
        </div>
      )}
      {present(p.error) ? (
        <ErrorAlert title="Your external accounts could not be loaded." error={p.error} onRetry={p.onRetry} />
      ) : !p.data ? (
        <Loader label="Loading external authentication…" />
      ) : p.data.providers.length === 0 ? (
        <EmptyState
          title="No external authentication providers"
          description="This deployment has no external auth providers configured, so there is nothing to link. Administrators add them with the CODER_EXTERNAL_AUTH_<n>_* settings."
        />
      ) : (
        <Table caption="External authentication providers" columns={['Provider', 'Status', { label: 'Actions', hidden: true }]}>
          <tbody>
            {p.data.providers.map((provider) => (
              <ProviderRow
                key={provider.id}
                provider={provider}
                link={p.data!.links.find((l) => l.provider_id === provider.id)}
                unlinking={p.unlinkingId === provider.id}
                onUnlink={() => setConfirming(provider)}
              />
            ))}
          </tbody>
        </Table>
      )}
      <ConfirmDialog
        open={confirming !== undefined}
        onOpenChange={(o) => !o && setConfirming(undefined)}
        title={`Unlink ${confirming?.display_name ?? ''}`}
        description={
          <>
            Forget your <strong>{confirming?.display_name}</strong> account? Workspaces built from now on cannot use it until you log in again.
            {confirming?.supports_revocation ? ' Warren also asks the provider to revoke the token.' : ''}
          </>
        }
        confirmLabel="Unlink"
        danger
        onConfirm={() => confirming && p.onUnlink(confirming)}
      />
    </>
  );
}

function ProviderRow({ provider, link, unlinking, onUnlink }: { provider: ExternalAuthLinkProvider; link?: ExternalAuthLink; unlinking: boolean; onUnlink: () => void }) {
  const name = provider.display_name || provider.id;
  return (
    <tr className="border-t border-border" data-provider={provider.id}>
      <td className="px-4 py-2">
        <span className="flex items-center gap-2 font-medium">
          <TemplateIcon name={name} icon={provider.display_icon} size="size-5" />
          {name}
        </span>
      </td>
      <td className="px-4 py-2">
        <LinkStatus link={link} />
      </td>
      <td className="px-4 py-2 text-right">
        <span className="inline-flex gap-2">
          {!link?.authenticated && (
            <Link to={`/external-auth/${encodeURIComponent(provider.id)}`} className={buttonClass('primary')} aria-label={`Login with ${name}`}>
              Login
            </Link>
          )}
          {link && (
            <Button variant="ghost" onClick={onUnlink} busy={unlinking} aria-label={`Unlink ${name}`}>
              Unlink
            </Button>
          )}
        </span>
      </td>
    </tr>
  );
}

function LinkStatus({ link }: { link?: ExternalAuthLink }) {
  if (!link) return <span className="text-content-muted">Not linked</span>;
  if (link.authenticated) return <span className="font-medium text-success">Linked</span>;
  return (
    <span className="flex flex-col">
      <span className="font-medium text-danger">Linked, but the token does not work</span>
      {link.validate_error && <span className="text-xs text-content-muted">{link.validate_error}</span>}
    </span>
  );
}

function UnlinkedNotice({ outcome }: { outcome: UnlinkOutcome }) {
  const name = outcome.provider.display_name || outcome.provider.id;
  const revocation = outcome.token_revoked
    ? `${name} revoked the token.`
    : outcome.token_revocation_error
      ? `${name} did not revoke the token: ${outcome.token_revocation_error}`
      : `${name} was not asked to revoke the token (it has no revocation URL configured), so it stays valid there until it expires.`;
  return (
    <p role="status" className="mb-4 rounded-md border border-border bg-surface-raised p-4 text-sm">
      Unlinked {name}. {revocation}
    </p>
  );
}
