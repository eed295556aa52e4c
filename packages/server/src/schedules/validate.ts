/** Schedule and TTL values from requests, checked as Coder checks them (400 naming the field). */
import { badRequest } from '../http/errors';
import { TtlError, workspaceTtlMs } from './autostop';
import { parseWeeklySchedule, ScheduleError } from './weekly';

/** A schedule as stored: null for none; otherwise it must parse (400 naming the field otherwise). */
export function validAutostartSchedule(schedule: string | null | undefined, message = 'Invalid autostart schedule.'): string | null {
  if (!schedule) return null;
  try {
    parseWeeklySchedule(schedule);
  } catch (err) {
    if (err instanceof ScheduleError) throw badRequest(message, undefined, [{ field: 'schedule', detail: err.message }]);
    throw err;
  }
  return schedule;
}

/** A TTL as stored for a requested `ttl_ms` (none falls back to `fallbackMs`); 400 naming the field otherwise. */
export function validTtl(requested: number | null | undefined, fallbackMs: number, message: string): number | null {
  try {
    return workspaceTtlMs(requested, fallbackMs);
  } catch (err) {
    if (err instanceof TtlError) throw badRequest(message, undefined, [{ field: 'ttl_ms', detail: err.message }]);
    throw err;
  }
}
