import * as Dialog from '@radix-ui/react-dialog';
import type { CreateProvisionerKeyRequest, ProvisionerKey } from '@warren/sdk/provisioners';
import { useState } from 'react';
import { Button } from '../../../components/Button';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageHeader } from '../../../components/PageHeader';
import { EmptyState, ErrorAlert, Loader } from '../../../components/States';
import { relativeTime } from '../../../time';
import { ProvisionerTags } from '../ProvisionerTags';
import { CreateKeyForm, SecretOnce } from './CreateKeyForm';
import { Table } from '../../../components/Table';

export interface ProvisionerKeysPageViewProps {
  organization: string;
  keys?: ProvisionerKey[];
  error?: unknown;
  onRetry?: () => void;
  onCreate: (req: CreateProvisionerKeyRequest) => void;
  creating: boolean;
  createError?: unknown;
  /** The new key's secret: shown once, until onCreateDone. */
  createdSecret?: string;
  onCreateDone: () => void;
  onDelete: (name: string) => void;
  deleteError?: unknown;
}

export function ProvisionerKeysPageView(p: ProvisionerKeysPageViewProps) {
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<string | undefined>();
  const closeCreate = () => {
    setCreating(false);
    p.onCreateDone();
  };
  return (
    <>
      <PageHeader
        title="Provisioner keys"
        subtitle="A key lets an external provisioner daemon join this organization; the daemon takes the key’s tags."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            New provisioner key
          </Button>
        }
      />
      {p.deleteError !== undefined && p.deleteError !== null && (
        <div className="mb-4">
          <ErrorAlert title="The key could not be deleted." error={p.deleteError} />
        </div>
      )}
      {p.error !== undefined && p.error !== null ? (
        <ErrorAlert title="The provisioner keys could not be loaded." error={p.error} onRetry={p.onRetry} />
      ) : !p.keys ? (
        <Loader label="Loading provisioner keys…" />
      ) : p.keys.length === 0 ? (
        <EmptyState
          title="No provisioner keys yet"
          description="Create a key, then start a daemon with it: CODER_PROVISIONER_DAEMON_KEY=<key> warren provisioner start."
          action={
            <Button variant="primary" onClick={() => setCreating(true)}>
              Create a key
            </Button>
          }
        />
      ) : (
        <Table caption="Provisioner keys" columns={['Name', 'Tags', 'Created', { label: 'Actions', hidden: true }]}>
          <tbody>
            {p.keys.map((k) => (
              <tr key={k.id} className="border-t border-border align-top" data-key={k.name}>
                <td className="px-4 py-2 font-medium">{k.name}</td>
                <td className="px-4 py-2">
                  <ProvisionerTags tags={k.tags} />
                </td>
                <td className="px-4 py-2 text-content-muted">
                  <time dateTime={k.created_at} title={new Date(k.created_at).toLocaleString()}>{relativeTime(k.created_at)}</time>
                </td>
                <td className="px-4 py-2 text-right">
                  <Button variant="ghost" aria-label={`Delete key ${k.name}`} onClick={() => setDeleting(k.name)}>
                    Delete…
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Dialog.Root open={creating} onOpenChange={(o) => (o ? setCreating(true) : closeCreate())}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-40 bg-black/50" />
          <Dialog.Content className="fixed left-1/2 top-1/2 z-50 max-h-[90vh] w-full max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-auto rounded-lg border border-border bg-surface p-6 text-content shadow-xl">
            <Dialog.Title className="text-lg font-semibold">{p.createdSecret ? 'Provisioner key created' : 'New provisioner key'}</Dialog.Title>
            {p.createdSecret ? (
              <SecretOnce secret={p.createdSecret} onDone={closeCreate} />
            ) : (
              <CreateKeyForm onSubmit={p.onCreate} busy={p.creating} error={p.createError} onCancel={closeCreate} />
            )}
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
      <ConfirmDialog
        open={deleting !== undefined}
        onOpenChange={(o) => !o && setDeleting(undefined)}
        title={`Delete key ${deleting ?? ''}?`}
        description="Daemons connected with this key are disconnected and cannot connect with it again."
        confirmLabel="Delete key"
        danger
        onConfirm={() => deleting && p.onDelete(deleting)}
      />
    </>
  );
}
