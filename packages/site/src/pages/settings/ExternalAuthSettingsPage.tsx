import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { externalAuths, unlinkExternalAuth } from '../../api/queries/externalAuth';
import { ExternalAuthSettingsPageView } from './ExternalAuthSettingsPageView';

/** `/settings/external-auth`: the user's links to the deployment's external auth providers. */
export function ExternalAuthSettingsPage() {
  const queryClient = useQueryClient();
  const list = useQuery(externalAuths());
  const unlink = useMutation(unlinkExternalAuth(queryClient));
  const unlinkedProvider = unlink.data && list.data?.providers.find((p) => p.id === unlink.variables);
  return (
    <ExternalAuthSettingsPageView
      data={list.data}
      error={list.isError ? list.error : undefined}
      onRetry={() => void list.refetch()}
      onUnlink={(provider) => unlink.mutate(provider.id)}
      unlinkingId={unlink.isPending ? unlink.variables : undefined}
      unlinkError={unlink.error ?? undefined}
      unlinked={unlink.data && unlinkedProvider ? { ...unlink.data, provider: unlinkedProvider } : undefined}
    />
  );
}
