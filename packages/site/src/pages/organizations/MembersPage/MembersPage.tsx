import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Organization } from '@warren/sdk/organizations';
import { useOutletContext } from 'react-router';
import { organizationMembers, organizationRoles, updateMemberRoles } from '../../../api/queries/organizations';
import { useMe } from '../../../hooks/useMe';
import { MembersPageView } from './MembersPageView';

/** `/organizations/:org/members`: the members and their organization roles. */
export function MembersPage() {
  const org = useOutletContext<Organization>();
  const me = useMe();
  const queryClient = useQueryClient();
  const members = useQuery(organizationMembers(org.name));
  const roles = useQuery(organizationRoles(org.name));
  const change = useMutation(updateMemberRoles(queryClient, org.name));
  return (
    <MembersPageView
      members={members.data}
      error={members.isError && !members.data ? members.error : undefined}
      onRetry={() => void members.refetch()}
      roles={roles.data ?? []}
      meId={me.id}
      onRolesChange={(m, r) => change.mutate({ username: m.username, roles: r })}
      busy={change.isPending}
      actionError={change.error ?? undefined}
    />
  );
}
