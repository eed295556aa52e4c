import type { QueryClient } from '@tanstack/react-query';
import { client, isNotFound } from '../client';

/** Coder's per-user appearance (`/users/{user}/appearance`). */
export interface UserAppearance {
  theme_preference: string;
  terminal_font?: string;
}

const key = ['users', 'me', 'appearance'] as const;

/** The user's appearance, or undefined on a server without the route. */
export const userAppearance = () => ({
  queryKey: key,
  queryFn: async (): Promise<UserAppearance | null> => {
    try {
      return await client.userAppearanceSettings('me');
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  },
  staleTime: Infinity,
  retry: false,
});

export const updateUserAppearance = (queryClient: QueryClient) => ({
  mutationFn: async (themePreference: string) => {
    try {
      return await client.updateUserAppearanceSettings('me', { theme_preference: themePreference });
    } catch (err) {
      if (isNotFound(err)) return null; // kept in this browser only
      throw err;
    }
  },
  onSuccess: (data: UserAppearance | null) => {
    if (data) queryClient.setQueryData(key, data);
  },
});
