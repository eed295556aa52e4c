import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Workspace } from '@warren/sdk/workspaces';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { client } from '../../api/client';
import { changeWorkspaceState, workspaces } from '../../api/queries/workspaces';
import { useListChanges } from '../../hooks/streams';
import { WorkspacesPageView } from './WorkspacesPageView';

export const PAGE_SIZE = 25;
const DEFAULT_FILTER = 'owner:me';

/** Every workspace the user may see; status changes show without a reload (the list's change stream). */
export function WorkspacesPage() {
  const [params, setParams] = useSearchParams();
  const query = params.get('filter') ?? DEFAULT_FILTER;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const listQuery = workspaces({ q: query, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const list = useQuery(listQuery);
  useListChanges(listQuery.queryKey, client.watchWorkspacesUrl().toString());
  const queryClient = useQueryClient();
  const change = useMutation(changeWorkspaceState(queryClient));
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());

  const transition = (w: Workspace, t: 'start' | 'stop') => {
    setBusy((s) => new Set(s).add(w.id));
    change.mutate(
      { workspace: w, transition: t },
      { onSettled: () => setBusy((s) => new Set([...s].filter((id) => id !== w.id))) },
    );
  };

  return (
    <WorkspacesPageView
      query={query}
      onQueryChange={(q) => setParams(q === DEFAULT_FILTER ? {} : { filter: q })}
      data={list.data}
      error={list.isError && !list.data ? list.error : undefined}
      actionError={change.error ?? undefined}
      onRetry={() => void list.refetch()}
      page={page}
      pageSize={PAGE_SIZE}
      onPageChange={(p) => setParams({ ...(query === DEFAULT_FILTER ? {} : { filter: query }), ...(p > 1 ? { page: String(p) } : {}) })}
      onStart={(w) => transition(w, 'start')}
      onStop={(w) => transition(w, 'stop')}
      busyIds={busy}
    />
  );
}
