import type { QueryClient } from '@tanstack/react-query';
import { client } from '../client';

/** Every organization the user may see; the dashboard's links use the default one's name. */
export const organizations = () => ({
  queryKey: ['organizations'] as const,
  queryFn: () => client.organizations(),
  staleTime: 5 * 60_000,
});

export const organization = (org: string) => ({
  queryKey: ['organizations', org] as const,
  queryFn: () => client.organization(org),
  retry: false,
});

export const organizationMembers = (org: string) => ({
  queryKey: ['organizations', org, 'members'] as const,
  queryFn: () => client.organizationMembers(org),
});

/** The organization's roles, each saying whether the signed-in user may assign it. */
export const organizationRoles = (org: string) => ({
  queryKey: ['organizations', org, 'roles'] as const,
  queryFn: () => client.organizationRoles(org),
  staleTime: 5 * 60_000,
});

export const updateMemberRoles = (queryClient: QueryClient, org: string) => ({
  mutationFn: ({ username, roles }: { username: string; roles: string[] }) => client.updateOrganizationMemberRoles(org, username, roles),
  onSuccess: () => queryClient.invalidateQueries({ queryKey: ['organizations', org, 'members'] }),
});
