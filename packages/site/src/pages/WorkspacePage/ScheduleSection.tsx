import { durationDisplay, humanizeSchedule } from '@warren/sdk/schedules';
import type { Workspace } from '@warren/sdk/workspaces';
import { useState } from 'react';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/States';
import { ScheduleDialog, type ScheduleChange } from './ScheduleDialog';

const HOUR = 3600_000;
/** The server takes a new stop time only this far ahead. */
const EXTEND_MIN_AHEAD_MS = 30 * 60_000;

export interface ScheduleSectionProps {
  workspace: Workspace;
  busy: boolean;
  error?: unknown;
  onSave: (change: ScheduleChange) => void;
  /** Moves the running start's stop time. */
  onExtend: (deadline: Date) => void;
  now?: () => number;
}

/** When the workspace starts and stops by itself, with the running start's stop moved an hour at a time. */
export function ScheduleSection(p: ScheduleSectionProps) {
  const [editing, setEditing] = useState(false);
  const w = p.workspace;
  const now = (p.now ?? Date.now)();
  const build = w.latest_build;
  const deadline = build.transition === 'start' && build.status === 'running' && build.deadline ? new Date(build.deadline).getTime() : undefined;
  const starts = w.autostart_schedule ? (humanizeSchedule(w.autostart_schedule) ?? w.autostart_schedule) : undefined;
  return (
    <div className="flex flex-col gap-3">
      {p.error !== undefined && p.error !== null && <ErrorAlert title="The schedule could not be changed." error={p.error} />}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
        <dt className="text-content-muted">Starts</dt>
        <dd>
          {starts ?? 'Manually'}
          {starts && w.next_start_at && <span className="text-content-muted"> · next {new Date(w.next_start_at).toLocaleString()}</span>}
        </dd>
        <dt className="text-content-muted">Stops</dt>
        <dd className="flex flex-wrap items-center gap-2">
          <span>{w.ttl_ms ? `${durationDisplay(w.ttl_ms)} after each start` : 'Manually'}</span>
          {deadline !== undefined && (
            <>
              <span className="text-content-muted">
                · this time at {new Date(deadline).toLocaleString()} (in {durationDisplay(Math.max(deadline - now, 0))})
              </span>
              <Button
                aria-label="Stop an hour earlier"
                disabled={p.busy || deadline - HOUR < now + EXTEND_MIN_AHEAD_MS}
                onClick={() => p.onExtend(new Date(deadline - HOUR))}
              >
                −1h
              </Button>
              <Button aria-label="Stop an hour later" disabled={p.busy} onClick={() => p.onExtend(new Date(Math.max(deadline, now + EXTEND_MIN_AHEAD_MS) + HOUR))}>
                +1h
              </Button>
            </>
          )}
        </dd>
      </dl>
      <div>
        <Button disabled={p.busy} onClick={() => setEditing(true)}>Edit schedule…</Button>
      </div>
      <ScheduleDialog open={editing} onOpenChange={setEditing} schedule={w.autostart_schedule} ttlMs={w.ttl_ms} onSave={p.onSave} />
    </div>
  );
}
