/**
 * Coder's weekly autostart schedules (`CRON_TZ=Europe/Dublin 30 9 * * 1-5`) as people read and
 * write them, for the CLI and the dashboard alike: humanized, taken apart into a time, days and a
 * zone, and put back together. The server parses them fully (packages/server/src/schedules).
 */

export const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export interface WeeklyParts {
  hour: number;
  minute: number;
  /** Days of the week, 0 = Sunday; all seven mean every day. */
  days: number[];
  timezone: string;
}

function splitSchedule(schedule: string): { timezone: string; fields: string[] } {
  const fields = schedule.trim().split(/\s+/);
  const timezone = fields[0]?.startsWith('CRON_TZ=') ? fields.shift()!.slice('CRON_TZ='.length) : 'UTC';
  return { timezone, fields };
}

/** `CRON_TZ=Europe/Dublin 30 9 * * 1-5` → `9:30AM Mon-Fri (Europe/Dublin)`, as Coder's CLI shows it; undefined when it is not that shape. */
export function humanizeSchedule(schedule: string): string | undefined {
  const { timezone, fields } = splitSchedule(schedule);
  if (fields.length !== 5) return undefined;
  const [minute, hour, , , dow] = fields as [string, string, string, string, string];
  const time = /^\d+$/.test(minute) && /^\d+$/.test(hour)
    ? `${Number(hour) % 12 || 12}:${minute.padStart(2, '0')}${Number(hour) < 12 ? 'AM' : 'PM'}`
    : `cron(${minute} ${hour})`;
  let days = dow;
  if (dow === '*') days = 'daily';
  else for (const [i, name] of WEEKDAY_NAMES.entries()) days = days.replace(String(i), name);
  return `${time} ${days} (${timezone})`;
}

/** `1d2h`, `8h`, `2h30m`, `<1m`: whole minutes, days past 24 hours, empty units left out (Coder's CLI). */
export function durationDisplay(ms: number): string {
  let rest = Math.abs(ms);
  if (rest === 0) return '0s';
  if (rest < 60_000) return '<1m';
  rest -= rest % (rest > 24 * 3600_000 ? 3600_000 : 60_000);
  const days = Math.floor(rest / (24 * 3600_000));
  const hours = Math.floor((rest % (24 * 3600_000)) / 3600_000);
  const minutes = Math.floor((rest % 3600_000) / 60_000);
  return `${days ? `${days}d` : ''}${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}`;
}

/** The stored schedule for a time, days and zone: `CRON_TZ=<zone> <minute> <hour> * * <days>`. */
export function formatWeeklySchedule(p: WeeklyParts): string {
  const days = [...new Set(p.days)].sort((a, b) => a - b);
  return `CRON_TZ=${p.timezone} ${p.minute} ${p.hour} * * ${days.length === 7 ? '*' : days.join(',')}`;
}

function dayNumber(text: string): number | undefined {
  const named = WEEKDAY_NAMES.findIndex((n) => n.toLowerCase() === text.toLowerCase());
  if (named >= 0) return named;
  if (!/^[0-7]$/.test(text)) return undefined;
  return Number(text) % 7;
}

/** A schedule taken apart, when it names one time (no steps or lists of hours); undefined otherwise. */
export function readWeeklySchedule(schedule: string): WeeklyParts | undefined {
  const { timezone, fields } = splitSchedule(schedule);
  if (fields.length !== 5 || fields[2] !== '*' || fields[3] !== '*') return undefined;
  const [minute, hour, , , dow] = fields as [string, string, string, string, string];
  if (!/^\d{1,2}$/.test(minute) || !/^\d{1,2}$/.test(hour) || Number(minute) > 59 || Number(hour) > 23) return undefined;
  const days = new Set<number>();
  for (const part of dow === '*' ? ['0-6'] : dow.split(',')) {
    const [from, to = from] = part.split('-') as [string, string?];
    const a = dayNumber(from);
    const b = to === '7' ? 7 : dayNumber(to!);
    if (a === undefined || b === undefined || b < a) return undefined;
    for (let d = a; d <= b; d++) days.add(d % 7);
  }
  return { hour: Number(hour), minute: Number(minute), days: [...days].sort((x, y) => x - y), timezone };
}
