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
