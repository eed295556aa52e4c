import { ApiError, Client } from '@warren/sdk/client';

/**
 * The dashboard's one API client. It talks to the server that served the page; the session
 * rides in the httpOnly cookie the login route sets, so no token is kept in the page.
 */
export const client = new Client(typeof window === 'undefined' ? 'http://localhost' : window.location.origin);

export { ApiError };

/** True when an error is the server's "not found" (also what a resource we may not see answers). */
export const isNotFound = (err: unknown): boolean => err instanceof ApiError && err.status === 404;

/** True when the session is missing or expired. */
export const isUnauthorized = (err: unknown): boolean => err instanceof ApiError && err.status === 401;

/** A sentence to show for any error thrown by a query or mutation. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.response.detail ? `${err.response.message} ${err.response.detail}` : err.response.message;
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}

/** The server's per-field messages (Coder's `validations[]`), keyed by field name. */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  return Object.fromEntries((err.response.validations ?? []).map((v) => [v.field, v.detail]));
}
