import type { QueryClient } from '@tanstack/react-query';
import type { CreateTokenRequest } from '@warren/sdk/apikeys';
import { client } from '../client';

export const tokenKeys = {
  all: ['tokens'] as const,
  list: (user: string) => ['tokens', 'list', user] as const,
  config: (user: string) => ['tokens', 'config', user] as const,
};

/** The user's API tokens (not their browser sessions). */
export const tokens = (user = 'me') => ({ queryKey: tokenKeys.list(user), queryFn: () => client.tokens(user) });

/** The longest lifetime the deployment allows for a token, in nanoseconds. */
export const tokenConfig = (user = 'me') => ({ queryKey: tokenKeys.config(user), queryFn: () => client.tokenConfig(user), staleTime: 5 * 60_000 });

/** Creates a token and answers its secret, which the server shows this once. */
export const createToken = (queryClient: QueryClient, user = 'me') => ({
  mutationFn: (req: CreateTokenRequest) => client.createToken(user, req),
  onSuccess: async () => {
    await queryClient.invalidateQueries({ queryKey: tokenKeys.all });
  },
});

export const deleteToken = (queryClient: QueryClient, user = 'me') => ({
  mutationFn: (id: string) => client.deleteAPIKey(user, id),
  onSuccess: async () => {
    await queryClient.invalidateQueries({ queryKey: tokenKeys.all });
  },
});
