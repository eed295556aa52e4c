import type { GenerateAPIKeyResponse } from '@warren/sdk/apikeys';
import { client } from '../client';

/** The wildcard host subdomain apps and ports open on (`*.apps.example.com`), "" without one. */
export const appHost = () => ({
  queryKey: ['applications', 'host'] as const,
  queryFn: async () => (await client.appHost()).host,
  staleTime: Infinity,
});

/** A new session key for a link that carries one (`$SESSION_TOKEN`, VS Code's `token=`). */
export async function newSessionKey(): Promise<string> {
  return (await client.request<GenerateAPIKeyResponse>('POST', '/api/v2/users/me/keys')).key;
}
