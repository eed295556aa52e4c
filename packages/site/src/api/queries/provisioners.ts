import type { QueryClient } from '@tanstack/react-query';
import type { CreateProvisionerKeyRequest } from '@warren/sdk/provisioners';
import { client } from '../client';

/** How often the daemons and jobs lists ask again: daemons report in every few seconds. */
export const PROVISIONERS_REFRESH_MS = 3000;

export const provisionerKeys = {
  daemons: (org: string) => ['organizations', org, 'provisionerdaemons'] as const,
  keys: (org: string) => ['organizations', org, 'provisionerkeys'] as const,
  jobs: (org: string, status: string) => ['organizations', org, 'provisionerjobs', status] as const,
};

export const provisionerDaemons = (org: string) => ({
  queryKey: provisionerKeys.daemons(org),
  queryFn: () => client.provisionerDaemons(org),
  refetchInterval: PROVISIONERS_REFRESH_MS,
});

/** Jobs of the organization; `status` is Coder's comma-separated list (empty: every status). */
export const provisionerJobs = (org: string, status: string) => ({
  queryKey: provisionerKeys.jobs(org, status),
  queryFn: () => client.provisionerJobs(org, { ...(status ? { status } : {}), limit: 100 }),
  refetchInterval: PROVISIONERS_REFRESH_MS,
});

export const provisionerKeyList = (org: string) => ({
  queryKey: provisionerKeys.keys(org),
  queryFn: () => client.provisionerKeys(org),
});

export const createProvisionerKey = (queryClient: QueryClient, org: string) => ({
  mutationFn: (req: CreateProvisionerKeyRequest) => client.createProvisionerKey(org, req),
  onSuccess: async () => queryClient.invalidateQueries({ queryKey: provisionerKeys.keys(org) }),
});

export const deleteProvisionerKey = (queryClient: QueryClient, org: string) => ({
  mutationFn: (name: string) => client.deleteProvisionerKey(org, name),
  onSettled: async () => queryClient.invalidateQueries({ queryKey: provisionerKeys.keys(org) }),
});
