import { parseWeeklySchedule } from './weekly';

/** When the workspace's schedule next starts it after `now`, as the API shows it (`next_start_at`); null when it will not. */
export function nextAutostart(
  row: { autostart_schedule: string | null; template_allow_user_autostart: boolean; dormant_at: Date | null },
  now: Date,
): string | null {
  if (!row.autostart_schedule || !row.template_allow_user_autostart || row.dormant_at) return null;
  try {
    return parseWeeklySchedule(row.autostart_schedule).next(now).toISOString();
  } catch {
    return null;
  }
}
