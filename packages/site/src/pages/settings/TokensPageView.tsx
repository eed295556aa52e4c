import type { APIKey } from '@warren/sdk/apikeys';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button, buttonClass } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorAlert, Loader } from '../../components/States';
import { relativeTime } from '../../time';
import { Table } from '../../components/Table';

export interface TokensPageViewProps {
  tokens?: APIKey[];
  error?: unknown;
  onRetry?: () => void;
  onDelete: (token: APIKey) => void;
  deletingId?: string;
  deleteError?: unknown;
}

const present = (e: unknown) => e !== undefined && e !== null;

/** The user's API tokens, for scripts and tools that act as the user. */
export function TokensPageView(p: TokensPageViewProps) {
  const [confirming, setConfirming] = useState<APIKey | undefined>();
  return (
    <>
      <PageHeader
        title="Tokens"
        subtitle="Tokens let scripts and tools act as you. Keep them secret."
        actions={
          <Link to="/settings/tokens/new" className={buttonClass('primary')}>
            Add token
          </Link>
        }
      />
      {present(p.deleteError) && (
        <div className="mb-4">
          <ErrorAlert title="The token could not be deleted." error={p.deleteError} />
        </div>
      )}
      {present(p.error) ? (
        <ErrorAlert title="Your tokens could not be loaded." error={p.error} onRetry={p.onRetry} />
      ) : !p.tokens ? (
        <Loader label="Loading tokens…" />
      ) : p.tokens.length === 0 ? (
        <EmptyState
          title="No tokens yet"
          description="Create a token to use Warren from a script, a CI job or a tool such as Open OnDemand."
          action={
            <Link to="/settings/tokens/new" className={buttonClass('primary')}>
              Create a token
            </Link>
          }
        />
      ) : (
        <Table caption="Your tokens" columns={['Name', 'ID', 'Last used', 'Expires', 'Created', { label: 'Actions', hidden: true }]}>
          <tbody>
            {p.tokens.map((t) => (
              <tr key={t.id} className="border-t border-border" data-token={t.token_name}>
                <td className="px-4 py-2 font-medium">{t.token_name}</td>
                <td className="px-4 py-2 font-mono text-xs text-content-muted">{t.id}</td>
                <td className="px-4 py-2 text-content-muted">{relativeTime(t.last_used)}</td>
                <td className="px-4 py-2 text-content-muted">
                  <time dateTime={t.expires_at} title={new Date(t.expires_at).toLocaleString()}>
                    {relativeTime(t.expires_at)}
                  </time>
                </td>
                <td className="px-4 py-2 text-content-muted">{relativeTime(t.created_at)}</td>
                <td className="px-4 py-2 text-right">
                  <Button variant="ghost" onClick={() => setConfirming(t)} busy={p.deletingId === t.id} aria-label={`Delete token ${t.token_name}`}>
                    Delete
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <ConfirmDialog
        open={confirming !== undefined}
        onOpenChange={(o) => !o && setConfirming(undefined)}
        title="Delete token"
        description={
          <>
            Delete the token <strong className="font-mono">{confirming?.token_name}</strong> for good? Anything using it stops working at once.
          </>
        }
        confirmLabel="Delete token"
        danger
        onConfirm={() => confirming && p.onDelete(confirming)}
      />
    </>
  );
}
