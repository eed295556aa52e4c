import type { QueryClient } from '@tanstack/react-query';
import type { CreateFirstUserRequest, User } from '@warren/sdk/users';
import { client } from '../client';

const keys = {
  me: ['users', 'me'] as const,
  firstUser: ['users', 'first'] as const,
  authMethods: ['users', 'authmethods'] as const,
};

/** The signed-in user; fails with 401 when there is no session. */
export const me = () => ({ queryKey: keys.me, queryFn: () => client.user('me'), retry: false, staleTime: 60_000 });

/** Whether the deployment has its first user (answers false while /setup is open). */
export const hasFirstUser = () => ({ queryKey: keys.firstUser, queryFn: () => client.hasFirstUser(), staleTime: Infinity });

export const login = (queryClient: QueryClient) => ({
  mutationFn: ({ email, password }: { email: string; password: string }) => client.login(email, password),
  onSuccess: async () => {
    await queryClient.resetQueries({ queryKey: keys.me });
  },
});

export const logout = (queryClient: QueryClient) => ({
  mutationFn: () => client.logout(),
  onSettled: () => {
    // Nothing cached for one user may show for the next.
    queryClient.clear();
  },
});

/** Creates the first user, then signs in as that user. */
export const createFirstUser = (queryClient: QueryClient) => ({
  mutationFn: async (req: CreateFirstUserRequest) => {
    await client.createFirstUser(req);
    await client.login(req.email, req.password);
  },
  onSuccess: async () => {
    queryClient.setQueryData(keys.firstUser, true);
    await queryClient.resetQueries({ queryKey: keys.me });
  },
});

export const isOwner = (user: User | undefined): boolean => !!user?.roles.some((r) => r.name === 'owner');
