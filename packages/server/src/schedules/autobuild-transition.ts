import type { ScheduledBuildRow } from '../db/queries/workspace-schedules';
import { parseWeeklySchedule } from './weekly';

export interface AutobuildDecision {
  transition: 'start' | 'stop';
  reason: 'autostart' | 'autostop';
}

/**
 * What the schedule asks of a workspace at `now`, given its latest build: stop a running workspace
 * whose deadline has passed; start a stopped one whose autostart time has come round since it was
 * stopped. Nothing for a build that has not succeeded, a dormant workspace, a suspended owner, a
 * template that does not allow autostart, or a schedule that no longer parses.
 */
export function autobuildDecision(row: ScheduledBuildRow, now: Date): AutobuildDecision | undefined {
  if (row.job_status !== 'succeeded') return undefined;
  if (row.transition === 'start') {
    return row.deadline && row.deadline.getTime() <= now.getTime() ? { transition: 'stop', reason: 'autostop' } : undefined;
  }
  if (row.transition !== 'stop' || !row.autostart_schedule || !row.allow_user_autostart) return undefined;
  if (row.dormant_at || row.owner_status !== 'active') return undefined;
  let next: Date;
  try {
    next = parseWeeklySchedule(row.autostart_schedule).next(row.build_created_at);
  } catch {
    return undefined;
  }
  return next.getTime() <= now.getTime() ? { transition: 'start', reason: 'autostart' } : undefined;
}
