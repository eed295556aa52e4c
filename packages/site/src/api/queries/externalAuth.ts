import type { QueryClient } from '@tanstack/react-query';
import { ApiError, client } from '../client';

export const externalAuthKeys = {
  all: ['external-auth'] as const,
  list: () => ['external-auth', 'list'] as const,
  provider: (id: string) => ['external-auth', 'provider', id] as const,
  device: (id: string) => ['external-auth', 'device', id] as const,
  templateVersion: (versionId: string) => ['external-auth', 'templateversion', versionId] as const,
};

/** The deployment's providers and the caller's links to them. */
export const externalAuths = () => ({ queryKey: externalAuthKeys.list(), queryFn: () => client.externalAuth() });

/** Whether the caller is signed in at one provider. */
export const externalAuthProvider = (id: string) => ({ queryKey: externalAuthKeys.provider(id), queryFn: () => client.externalAuthByID(id) });

/** A fresh device code for the provider (RFC 8628); one per visit, never refetched behind the user's back. */
export const externalAuthDevice = (id: string) => ({
  queryKey: externalAuthKeys.device(id),
  queryFn: () => client.externalAuthDevice(id),
  staleTime: Infinity,
  gcTime: 0,
  refetchOnWindowFocus: false,
  refetchOnReconnect: false,
});

/** The providers a template version's build needs, with whether the caller is signed in at each. */
export const templateVersionExternalAuth = (versionId: string) => ({
  queryKey: externalAuthKeys.templateVersion(versionId),
  queryFn: () => client.templateVersionExternalAuth(versionId),
});

/** Forgets the caller's link to a provider; answers whether the provider revoked the token too. */
export const unlinkExternalAuth = (queryClient: QueryClient) => ({
  mutationFn: (id: string) => client.deleteExternalAuth(id),
  onSettled: async () => {
    await queryClient.invalidateQueries({ queryKey: externalAuthKeys.all });
  },
});

/**
 * The device flow's answer "not yet": the user has not entered the code (`authorization_pending`)
 * or we asked too often (`slow_down`). The server passes the provider's refusal in `detail`.
 */
export function deviceExchangeWaiting(err: unknown): 'pending' | 'slow_down' | undefined {
  if (!(err instanceof ApiError) || err.status !== 400) return undefined;
  const detail = err.response.detail ?? '';
  if (detail.includes('slow_down')) return 'slow_down';
  if (detail.includes('authorization_pending')) return 'pending';
  return undefined;
}
