import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { User } from '@warren/sdk/users';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { deleteUser, siteRoles, updateUserRoles, updateUserStatus, users } from '../../api/queries/users';
import { useMe } from '../../hooks/useMe';
import { UsersPageView } from './UsersPageView';

export const PAGE_SIZE = 25;

/** The deployment's users: search, status, paging, suspend and activate, roles, deletion. */
export function UsersPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const query = params.get('filter') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const list = useQuery(users({ q: query, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }));
  const roles = useQuery(siteRoles());
  const queryClient = useQueryClient();
  const status = useMutation(updateUserStatus(queryClient));
  const rolesChange = useMutation(updateUserRoles(queryClient));
  const removal = useMutation(deleteUser(queryClient));
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const track = (u: User) => {
    setBusy((s) => new Set(s).add(u.id));
    return { onSettled: () => setBusy((s) => new Set([...s].filter((id) => id !== u.id))) };
  };
  const lastError = status.error ?? rolesChange.error ?? removal.error ?? undefined;
  const resetOthers = () => [status, rolesChange, removal].forEach((m) => m.reset());

  return (
    <UsersPageView
      query={query}
      onQueryChange={(q) => setParams(q ? { filter: q } : {})}
      data={list.data}
      error={list.isError && !list.data ? list.error : undefined}
      onRetry={() => void list.refetch()}
      page={page}
      pageSize={PAGE_SIZE}
      onPageChange={(p) => setParams({ ...(query ? { filter: query } : {}), ...(p > 1 ? { page: String(p) } : {}) })}
      roles={roles.data ?? []}
      meId={me.id}
      onStatusChange={(u, s) => {
        resetOthers();
        status.mutate({ user: u, status: s }, track(u));
      }}
      onRolesChange={(u, r) => {
        resetOthers();
        rolesChange.mutate({ user: u, roles: r }, track(u));
      }}
      onDelete={(u) => {
        resetOthers();
        removal.mutate(u, track(u));
      }}
      busyIds={busy}
      actionError={lastError}
    />
  );
}
