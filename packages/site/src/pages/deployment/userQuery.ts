import type { UserStatus } from '@warren/sdk/users';

export const USER_STATUSES: UserStatus[] = ['active', 'suspended', 'dormant'];

const STATUS_TERM = /(^|\s)status:(\S*)/;

/** The `status:` term of a Coder user search, or '' when there is none. */
export function statusOf(query: string): string {
  return STATUS_TERM.exec(query)?.[2] ?? '';
}

/** The search with its `status:` term replaced (or removed when status is ''). */
export function withStatus(query: string, status: string): string {
  const rest = query.replace(new RegExp(STATUS_TERM.source, 'g'), ' ').replace(/\s+/g, ' ').trim();
  return [status ? `status:${status}` : '', rest].filter(Boolean).join(' ');
}
