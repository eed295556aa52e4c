import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Workspace } from '@warren/sdk/workspaces';
import { describe, expect, it, vi } from 'vitest';
import { workspaceFixture } from '../../testing/fixtures';
import { renderView } from '../../testing/render';
import { ScheduleSection, type ScheduleSectionProps } from './ScheduleSection';

const NOW = Date.parse('2026-12-07T10:00:00Z');
const HOUR = 3600_000;

function running(over: Partial<Workspace> = {}, deadline: string | null = new Date(NOW + 2 * HOUR).toISOString()): Workspace {
  const w = workspaceFixture({ name: 'dev', status: 'running' });
  return { ...w, ...over, latest_build: { ...w.latest_build, deadline } };
}

const props = (workspace: Workspace): ScheduleSectionProps => ({ workspace, busy: false, onSave: vi.fn(), onExtend: vi.fn(), now: () => NOW });

describe('ScheduleSection', () => {
  it('shows manual starts and stops when nothing is scheduled', () => {
    renderView(<ScheduleSection {...props(running({}, null))} />);
    const terms = screen.getByText('Starts').parentElement!;
    expect(terms).toHaveTextContent('StartsManuallyStopsManually');
    expect(screen.queryByRole('button', { name: 'Stop an hour later' })).toBeNull();
  });

  it('shows the schedule and moves the running stop an hour at a time, never under 30 minutes ahead', async () => {
    const p = props(running({ autostart_schedule: 'CRON_TZ=Europe/Dublin 30 9 * * 1-5', ttl_ms: 8 * HOUR, next_start_at: '2026-12-08T09:30:00Z' }));
    renderView(<ScheduleSection {...p} />);
    expect(screen.getByText(/9:30AM Mon-Fri \(Europe\/Dublin\)/)).toBeInTheDocument();
    expect(screen.getByText('8h after each start')).toBeInTheDocument();
    expect(screen.getByText(/in 2h\)/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Stop an hour later' }));
    expect(p.onExtend).toHaveBeenLastCalledWith(new Date(NOW + 3 * HOUR));
    await userEvent.click(screen.getByRole('button', { name: 'Stop an hour earlier' }));
    expect(p.onExtend).toHaveBeenLastCalledWith(new Date(NOW + HOUR));

    const soon = props(running({ ttl_ms: HOUR }, new Date(NOW + 80 * 60_000).toISOString()));
    renderView(<ScheduleSection {...soon} />);
    expect(screen.getAllByRole('button', { name: 'Stop an hour earlier' }).at(-1)).toBeDisabled();
  });

  it('saves weekday mornings in a chosen zone and a stop after some hours', async () => {
    const p = props(running({}, null));
    renderView(<ScheduleSection {...p} />);
    await userEvent.click(screen.getByRole('button', { name: 'Edit schedule…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Schedule' });
    await userEvent.click(within(dialog).getByLabelText('Start automatically'));
    const time = within(dialog).getByLabelText('Start time');
    await userEvent.clear(time);
    await userEvent.type(time, '07:45');
    await userEvent.click(within(dialog).getByLabelText('Fri'));
    const zone = within(dialog).getByLabelText('Time zone');
    await userEvent.clear(zone);
    await userEvent.type(zone, 'Mars/Olympus');
    expect(within(dialog).getByText(/not a time zone/)).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Save schedule' })).toBeDisabled();
    await userEvent.clear(zone);
    await userEvent.type(zone, 'Asia/Tokyo');
    await userEvent.click(within(dialog).getByLabelText('Stop automatically'));
    const hours = within(dialog).getByLabelText('Hours after each start');
    await userEvent.clear(hours);
    await userEvent.type(hours, '1.5');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save schedule' }));
    expect(p.onSave).toHaveBeenCalledWith({ schedule: 'CRON_TZ=Asia/Tokyo 45 7 * * 1,2,3,4', ttlMs: 1.5 * HOUR });
  });

  it('starts from the stored schedule, and turning both off saves manual', async () => {
    const p = props(running({ autostart_schedule: 'CRON_TZ=UTC 0 6 * * 0,6', ttl_ms: 2 * HOUR }));
    renderView(<ScheduleSection {...p} />);
    await userEvent.click(screen.getByRole('button', { name: 'Edit schedule…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Schedule' });
    expect(within(dialog).getByLabelText('Start time')).toHaveValue('06:00');
    expect(within(dialog).getByLabelText('Sun')).toBeChecked();
    expect(within(dialog).getByLabelText('Mon')).not.toBeChecked();
    expect(within(dialog).getByLabelText('Hours after each start')).toHaveValue(2);
    await userEvent.click(within(dialog).getByLabelText('Sun'));
    await userEvent.click(within(dialog).getByLabelText('Sat'));
    expect(within(dialog).getByText('Choose at least one day.')).toBeInTheDocument();
    await userEvent.click(within(dialog).getByLabelText('Start automatically'));
    await userEvent.click(within(dialog).getByLabelText('Stop automatically'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save schedule' }));
    expect(p.onSave).toHaveBeenCalledWith({ schedule: null, ttlMs: null });
  });
});
