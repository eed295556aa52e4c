/**
 * Coder's weekly schedules: `[CRON_TZ=<IANA zone>] <minute> <hour> * * <day-of-week>`, as stored in a
 * workspace's `autostart_schedule`. Day of month and month must be `*`; without CRON_TZ the zone is
 * UTC. The cron fields are read by cron-parser, which also walks daylight-saving changes.
 */
import { CronExpressionParser } from 'cron-parser';

export interface WeeklySchedule {
  /** The IANA zone the hours are in. */
  timezone: string;
  /** The five cron fields, without the CRON_TZ prefix. */
  cron: string;
  /** The first time the schedule fires strictly after `after`. */
  next(after: Date): Date;
}

/** A schedule that does not parse; its message is the sentence the API answers with. */
export class ScheduleError extends Error {
  override readonly name = 'ScheduleError';
}

const PREFIX = 'CRON_TZ=';

function checkTimezone(zone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new ScheduleError(`parse schedule: provided bad location ${zone}: unknown time zone ${zone}`);
  }
}

export function parseWeeklySchedule(raw: string): WeeklySchedule {
  const parts = raw.trim().split(/\s+/);
  let timezone = 'UTC';
  if (parts[0]?.startsWith(PREFIX)) {
    timezone = parts.shift()!.slice(PREFIX.length);
    if (timezone === '') throw new ScheduleError('parse schedule: CRON_TZ needs a time zone, like CRON_TZ=Europe/Dublin');
    checkTimezone(timezone);
  }
  if (parts.length !== 5) {
    throw new ScheduleError('validate weekly schedule: expected schedule to consist of 5 fields with an optional CRON_TZ=<timezone> prefix');
  }
  if (parts[2] !== '*' || parts[3] !== '*') {
    throw new ScheduleError('validate weekly schedule: expected day-of-month and month to be *');
  }
  const cron = parts.join(' ');
  try {
    CronExpressionParser.parse(cron, { tz: timezone });
  } catch (err) {
    throw new ScheduleError(`parse schedule: ${(err as Error).message}`);
  }
  return {
    timezone,
    cron,
    next: (after) => CronExpressionParser.parse(cron, { tz: timezone, currentDate: after }).next().toDate(),
  };
}
