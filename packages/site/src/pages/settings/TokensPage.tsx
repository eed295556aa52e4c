import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deleteToken, tokens } from '../../api/queries/tokens';
import { TokensPageView } from './TokensPageView';

export function TokensPage() {
  const queryClient = useQueryClient();
  const list = useQuery(tokens());
  const remove = useMutation(deleteToken(queryClient));
  return (
    <TokensPageView
      tokens={list.data}
      error={list.isError ? list.error : undefined}
      onRetry={() => void list.refetch()}
      onDelete={(t) => remove.mutate(t.id)}
      deletingId={remove.isPending ? remove.variables : undefined}
      deleteError={remove.error ?? undefined}
    />
  );
}
