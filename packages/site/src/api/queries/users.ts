import type { QueryClient } from '@tanstack/react-query';
import type { UpdateUserPasswordRequest, UpdateUserProfileRequest } from '@warren/sdk/user-settings';
import type { CreateFirstUserRequest, CreateUserRequest, User } from '@warren/sdk/users';
import { client } from '../client';

const keys = {
  me: ['users', 'me'] as const,
  firstUser: ['users', 'first'] as const,
  authMethods: ['users', 'authmethods'] as const,
};

/** The signed-in user; fails with 401 when there is no session. */
export const me = () => ({ queryKey: keys.me, queryFn: () => client.user('me'), retry: false, staleTime: 60_000 });

/** How people may sign in (password, OpenID Connect). */
export const authMethods = () => ({ queryKey: keys.authMethods, queryFn: () => client.authMethods(), staleTime: 60_000 });

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

/** Owners and template admins edit any template's settings. */
export const mayAdministerTemplates = (user: User | undefined): boolean => !!user?.roles.some((r) => r.name === 'owner' || r.name === 'template-admin');

export const userKeys = {
  all: ['users'] as const,
  list: (q: string, limit: number, offset: number) => ['users', 'list', { q, limit, offset }] as const,
  siteRoles: ['users', 'roles'] as const,
};

/** One page of the deployment's users, filtered with Coder's query syntax (`status:active alice`). */
export const users = (params: { q: string; limit: number; offset: number }) => ({
  queryKey: userKeys.list(params.q, params.limit, params.offset),
  queryFn: () => client.users(params),
  placeholderData: <T>(previous: T | undefined) => previous,
});

/** The site roles, with whether the caller may assign each. */
export const siteRoles = () => ({ queryKey: userKeys.siteRoles, queryFn: () => client.siteRoles(), staleTime: 5 * 60_000 });

const refreshUsers = (queryClient: QueryClient) => async () => {
  await queryClient.invalidateQueries({ queryKey: ['users', 'list'] });
};

export const createUser = (queryClient: QueryClient) => ({
  mutationFn: (req: CreateUserRequest) => client.createUser(req),
  onSuccess: refreshUsers(queryClient),
});

export const updateUserStatus = (queryClient: QueryClient) => ({
  mutationFn: ({ user, status }: { user: User; status: 'activate' | 'suspend' }) => client.updateUserStatus(user.id, status),
  onSuccess: refreshUsers(queryClient),
});

export const updateUserRoles = (queryClient: QueryClient) => ({
  mutationFn: ({ user, roles }: { user: User; roles: string[] }) => client.updateUserRoles(user.id, roles),
  onSuccess: refreshUsers(queryClient),
});

export const deleteUser = (queryClient: QueryClient) => ({
  mutationFn: (user: User) => client.deleteUser(user.id),
  onSuccess: refreshUsers(queryClient),
});

/** Changes the signed-in user's username and name. */
export const updateProfile = (queryClient: QueryClient) => ({
  mutationFn: (req: UpdateUserProfileRequest) => client.updateProfile('me', req),
  onSuccess: (user: User) => {
    queryClient.setQueryData(keys.me, user);
  },
});

/** Changes the signed-in user's password; the server ends every session with it. */
export const updatePassword = () => ({
  mutationFn: (req: UpdateUserPasswordRequest) => client.updateUserPassword('me', req),
});
