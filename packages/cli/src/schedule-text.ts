/**
 * The words of `warren schedule`, as Coder's CLI reads and prints them: `9:30AM Mon-Fri
 * Europe/Dublin` into a weekly cron schedule, `2h30m` (or plain minutes) into a TTL, and a
 * workspace's schedule into the row `schedule show` prints.
 */
import { parseDuration, type Workspace } from '@warren/sdk';
import { durationDisplay, humanizeSchedule } from '@warren/sdk/schedules';
import { CliError } from './io';

/** The zone a schedule is in when none is given: TZ, else the system's (/etc/localtime), else UTC. */
export function localTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function isTimezone(name: string): boolean {
  if (!name.includes('/') && name !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** `9:30AM`, `09:30pm`, `17:45`, `1745`, `9PM` → hour and minute. */
export function parseClockTime(text: string): { hour: number; minute: number } {
  const m = /^(\d{1,2})(?::?(\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  const fail = () => new CliError('Start time must be in the format hh:mm[am|pm] or HH:MM');
  if (!m) throw fail();
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const half = m[3]?.toLowerCase();
  if (minute > 59 || (m[2] === undefined && !half)) throw fail();
  if (half) {
    if (hour < 1 || hour > 12) throw fail();
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  } else if (hour > 23) {
    throw fail();
  }
  return { hour, minute };
}

/**
 * `<start-time> [day-of-week] [location]` (or all of it in one quoted argument) → the stored
 * schedule, `CRON_TZ=<zone> <minute> <hour> * * <days>`. Days default to every day, the zone to `localZone`.
 */
export function parseCliSchedule(args: string[], localZone = localTimezone()): string {
  const parts = args.length === 1 ? args[0]!.trim().split(/\s+/) : args;
  const { hour, minute } = parseClockTime(parts[0] ?? '');
  let days = '*';
  let zone: string | undefined;
  if (parts.length === 3) {
    days = parts[1]!;
    if (!isTimezone(parts[2]!)) {
      throw new CliError(
        /^[A-Z]{3,4}$/.test(parts[2]!)
          ? 'The location you provided looks like a time zone abbreviation: give an IANA location such as Europe/Dublin.'
          : `Invalid timezone "${parts[2]}" specified: a valid IANA timezone is required`,
      );
    }
    zone = parts[2];
  } else if (parts.length === 2) {
    if (isTimezone(parts[1]!)) zone = parts[1];
    else days = parts[1]!;
  } else if (parts.length !== 1) {
    throw new CliError('Schedule must be in the format Mon-Fri 09:00AM America/Chicago');
  }
  return `CRON_TZ=${zone ?? localZone} ${minute} ${hour} * * ${days}`;
}

/** A duration argument: plain digits are minutes (`90`), otherwise Go's syntax (`2h30m`). */
export function parseCliDuration(text: string): number {
  try {
    return parseDuration(/^\d+$/.test(text) ? `${text}m` : text);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/** RFC 3339 with the zone's offset, the way Coder's CLI prints times: `2026-12-07T09:30:00+01:00`. */
export function timeDisplay(date: Date, zone = localTimezone()): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const offset = parts.timeZoneName!.replace('GMT', '');
  // As in Go, a zero offset is written Z.
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${/^([+-]00:00)?$/.test(offset) ? 'Z' : offset}`;
}

export const SCHEDULE_COLUMNS = ['workspace', 'starts at', 'starts next', 'stops after', 'stops next'];

/** The row `schedule show` prints for a workspace. */
export function scheduleRow(w: Workspace, zone = localTimezone()): Record<string, string> {
  const startsAt = w.autostart_schedule ? humanizeSchedule(w.autostart_schedule) : undefined;
  const deadline = w.latest_build.transition === 'start' ? w.latest_build.deadline : null;
  return {
    workspace: `${w.owner_name}/${w.name}`,
    'starts at': startsAt ?? '',
    'starts next': startsAt && w.next_start_at ? timeDisplay(new Date(w.next_start_at), zone) : '',
    'stops after': w.ttl_ms ? durationDisplay(w.ttl_ms) : '',
    'stops next': w.ttl_ms && deadline ? timeDisplay(new Date(deadline), zone) : '',
  };
}
