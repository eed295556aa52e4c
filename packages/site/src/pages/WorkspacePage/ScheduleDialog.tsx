import { formatWeeklySchedule, readWeeklySchedule, WEEKDAY_NAMES } from '@warren/sdk/schedules';
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TextField } from '../../components/forms/TextField';

export interface ScheduleChange {
  /** The weekly autostart schedule, or null for manual starts. */
  schedule: string | null;
  /** Time from a completed start to its stop, or null for manual stops. */
  ttlMs: number | null;
}

export interface ScheduleDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  schedule?: string;
  ttlMs?: number;
  onSave: (change: ScheduleChange) => void;
}

/** Monday first, as a week is read. */
const DAY_ORDER = [1, 2, 3, 4, 5, 6, 0];
const MAX_HOURS = 30 * 24;

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function zoneProblem(zone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone ? undefined : 'Enter a time zone, like Europe/Berlin.';
  } catch {
    return `"${zone}" is not a time zone in the IANA database, like Europe/Berlin.`;
  }
}

interface FormState {
  autostart: boolean;
  time: string;
  days: number[];
  zone: string;
  autostop: boolean;
  hours: string;
}

function initialState(schedule: string | undefined, ttlMs: number | undefined): FormState {
  const parts = schedule ? readWeeklySchedule(schedule) : undefined;
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    autostart: !!schedule,
    time: parts ? `${pad(parts.hour)}:${pad(parts.minute)}` : '09:00',
    days: parts?.days ?? [1, 2, 3, 4, 5],
    zone: parts?.timezone ?? browserZone(),
    autostop: !!ttlMs,
    hours: ttlMs ? String(ttlMs / 3600_000) : '8',
  };
}

/** Edits when the workspace starts by itself (time, days, zone) and how long each start runs. */
export function ScheduleDialog(p: ScheduleDialogProps) {
  const [f, setF] = useState(() => initialState(p.schedule, p.ttlMs));
  const set = (change: Partial<FormState>) => setF((s) => ({ ...s, ...change }));
  const expert = !!p.schedule && !readWeeklySchedule(p.schedule);
  const hours = Number(f.hours);
  const problems = {
    time: f.autostart && !/^\d\d:\d\d$/.test(f.time) ? 'Enter a start time.' : undefined,
    days: f.autostart && f.days.length === 0 ? 'Choose at least one day.' : undefined,
    zone: f.autostart ? zoneProblem(f.zone) : undefined,
    hours: f.autostop && !(hours >= 1 / 60 && hours <= MAX_HOURS) ? `Enter a number of hours from 1 minute to ${MAX_HOURS}.` : undefined,
  };
  const valid = !Object.values(problems).some(Boolean);
  return (
    <ConfirmDialog
      open={p.open}
      onOpenChange={(o) => {
        if (o) setF(initialState(p.schedule, p.ttlMs));
        p.onOpenChange(o);
      }}
      title="Schedule"
      description="Start the workspace by itself at a time of day, and stop it a while after each start. Activity in the workspace keeps it running past its stop time."
      confirmLabel="Save schedule"
      confirmDisabled={!valid}
      onConfirm={() => {
        const [hour, minute] = f.time.split(':').map(Number) as [number, number];
        p.onSave({
          schedule: f.autostart ? formatWeeklySchedule({ hour, minute, days: f.days, timezone: f.zone.trim() }) : null,
          ttlMs: f.autostop ? Math.round(hours * 3600_000) : null,
        });
      }}
    >
      <label className="flex items-center gap-2 text-sm font-medium">
        <input type="checkbox" checked={f.autostart} onChange={(e) => set({ autostart: e.target.checked })} />
        Start automatically
      </label>
      {expert && f.autostart && <p className="text-xs text-content-muted">The current schedule is the cron expression <code>{p.schedule}</code>; saving replaces it.</p>}
      {f.autostart && (
        <>
          <TextField label="Start time" type="time" value={f.time} onChange={(e) => set({ time: e.target.value })} error={problems.time} />
          <fieldset className="flex flex-col gap-1">
            <legend className="text-sm font-medium">Days</legend>
            <div className="flex flex-wrap gap-3">
              {DAY_ORDER.map((d) => (
                <label key={d} className="flex items-center gap-1 text-sm">
                  <input
                    type="checkbox"
                    checked={f.days.includes(d)}
                    onChange={(e) => set({ days: e.target.checked ? [...f.days, d] : f.days.filter((x) => x !== d) })}
                  />
                  {WEEKDAY_NAMES[d]}
                </label>
              ))}
            </div>
            {problems.days && <p className="text-xs text-danger">{problems.days}</p>}
          </fieldset>
          <TextField label="Time zone" value={f.zone} onChange={(e) => set({ zone: e.target.value })} error={problems.zone} hint="An IANA time zone, like Europe/Berlin." />
        </>
      )}
      <label className="flex items-center gap-2 text-sm font-medium">
        <input type="checkbox" checked={f.autostop} onChange={(e) => set({ autostop: e.target.checked })} />
        Stop automatically
      </label>
      {f.autostop && (
        <TextField
          label="Hours after each start"
          type="number"
          min={0}
          step="any"
          value={f.hours}
          onChange={(e) => set({ hours: e.target.value })}
          error={problems.hours}
        />
      )}
    </ConfirmDialog>
  );
}
