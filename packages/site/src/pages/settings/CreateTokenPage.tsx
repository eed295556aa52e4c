import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createToken, tokenConfig } from '../../api/queries/tokens';
import { CreateTokenPageView } from './CreateTokenPageView';

export function CreateTokenPage() {
  const queryClient = useQueryClient();
  const config = useQuery(tokenConfig());
  const create = useMutation(createToken(queryClient));
  return (
    <CreateTokenPageView
      maxLifetimeNs={config.data?.max_token_lifetime}
      configError={config.isError ? config.error : undefined}
      onRetry={() => void config.refetch()}
      onCreate={(req) => create.mutate(req)}
      pending={create.isPending}
      error={create.error ?? undefined}
      createdKey={create.data?.key}
    />
  );
}
