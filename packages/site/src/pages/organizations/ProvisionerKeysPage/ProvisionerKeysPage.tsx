import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Organization } from '@warren/sdk/organizations';
import { useOutletContext } from 'react-router';
import { createProvisionerKey, deleteProvisionerKey, provisionerKeyList } from '../../../api/queries/provisioners';
import { ProvisionerKeysPageView } from './ProvisionerKeysPageView';

/** The organization's provisioner keys: list, create (the secret shown once) and delete. */
export function ProvisionerKeysPage() {
  const org = useOutletContext<Organization>();
  const queryClient = useQueryClient();
  const keys = useQuery(provisionerKeyList(org.name));
  const create = useMutation(createProvisionerKey(queryClient, org.name));
  const remove = useMutation(deleteProvisionerKey(queryClient, org.name));
  return (
    <ProvisionerKeysPageView
      organization={org.name}
      keys={keys.data}
      error={keys.isError && !keys.data ? keys.error : undefined}
      onRetry={() => void keys.refetch()}
      onCreate={(req) => create.mutate(req)}
      creating={create.isPending}
      createError={create.error ?? undefined}
      createdSecret={create.data?.key}
      onCreateDone={() => create.reset()}
      onDelete={(name) => remove.mutate(name)}
      deleteError={remove.error ?? undefined}
    />
  );
}
