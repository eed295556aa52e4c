/**
 * A workspace's autostop, as Coder reckons it: a start build that completes gets a deadline of its
 * completion plus the workspace's TTL (the template's default TTL when the template does not let
 * users choose), and activity while it runs pushes the deadline out by the template's activity bump.
 */

const MINUTE_MS = 60_000;
export const TTL_MAX_MS = 30 * 24 * 60 * MINUTE_MS;

/** A TTL that is out of range; its message is the sentence the API answers with. */
export class TtlError extends Error {
  override readonly name = 'TtlError';
}

/**
 * The TTL to store for a requested `ttl_ms`: none (null or 0) falls back to `fallbackMs` (0 meaning
 * no autostop); anything else is truncated to whole minutes and must lie between a minute and 30 days.
 */
export function workspaceTtlMs(requested: number | null | undefined, fallbackMs: number): number | null {
  if (!requested) return fallbackMs > 0 ? fallbackMs : null;
  const truncated = Math.trunc(requested / MINUTE_MS) * MINUTE_MS;
  if (truncated < MINUTE_MS) throw new TtlError('time until shutdown must be at least one minute');
  if (truncated > TTL_MAX_MS) throw new TtlError('time until shutdown must be less than 30 days');
  return truncated;
}

export interface AutostopTemplate {
  allow_user_autostop: boolean;
  default_ttl_ms: number;
}

/** The deadline of a start build completed at `completedAt`, or null when it never stops by itself. */
export function autostopDeadline(workspaceTtlMs: number | null, template: AutostopTemplate, completedAt: Date): Date | null {
  const ttl = template.allow_user_autostop ? (workspaceTtlMs ?? 0) : template.default_ttl_ms;
  return ttl > 0 ? new Date(completedAt.getTime() + ttl) : null;
}
