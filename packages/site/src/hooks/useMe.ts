import { useQuery } from '@tanstack/react-query';
import type { User } from '@warren/sdk/users';
import { me } from '../api/queries/users';

/** The signed-in user; pages under RequireAuth always have one. */
export function useMe(): User {
  const { data } = useQuery(me());
  if (!data) throw new Error('useMe is used outside the signed-in pages');
  return data;
}

/** The organization pages work in: the user's first (Coder's default organization). */
export function useOrganizationId(): string {
  const user = useMe();
  return user.organization_ids[0] ?? 'default';
}
