import type { User } from '@warren/sdk/users';

/** A user as the API answers it, with the fields a test cares about overridden. */
export function userFixture(over: Partial<User> & { username: string }): User {
  return {
    id: `00000000-0000-4000-8000-${over.username.padStart(12, '0').slice(-12).replace(/[^0-9a-f]/g, 'a')}`,
    name: '',
    email: `${over.username}@example.com`,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    last_seen_at: new Date(Date.now() - 3600_000).toISOString(),
    status: 'active',
    login_type: 'password',
    theme_preference: '',
    organization_ids: ['o1'],
    roles: [],
    avatar_url: '',
    ...over,
  };
}
