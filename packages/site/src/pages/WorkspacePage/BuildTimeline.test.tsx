import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { WorkspaceBuildTimings } from '@warren/sdk/build-timings';
import { describe, expect, it } from 'vitest';
import { renderView } from '../../testing/render';
import { timelineOf } from './build-timeline';
import { BuildTimeline } from './BuildTimeline';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, 0) + s * 1000).toISOString();
const stage = (name: 'init' | 'plan' | 'graph' | 'apply', from: number, to: number) => ({
  job_id: 'j', started_at: at(from), ended_at: at(to), stage: name, source: 'coder', action: 'terraform', resource: `coder_stage_${name}`,
});
const timings: WorkspaceBuildTimings = {
  provisioner_timings: [
    stage('init', 0, 2),
    stage('plan', 2, 5),
    { job_id: 'j', started_at: at(2.5), ended_at: at(3), stage: 'plan', source: 'coder', action: 'state refresh', resource: 'data.coder_workspace.me' },
    stage('graph', 9, 9.5),
    stage('apply', 5, 9),
    { job_id: 'j', started_at: at(6), ended_at: at(8.5), stage: 'apply', source: 'docker', action: 'create', resource: 'docker_container.dev' },
    { job_id: 'j', started_at: at(5.2), ended_at: at(5.4), stage: 'apply', source: 'coder', action: 'create', resource: 'coder_agent.main' },
  ],
  agent_connection_timings: [{ started_at: at(8), ended_at: at(12), stage: 'connect', workspace_agent_id: 'a', workspace_agent_name: 'main' }],
  agent_script_timings: [
    { started_at: at(12), ended_at: at(20), exit_code: 2, stage: 'start', status: 'exit_failure', display_name: 'Startup Script', workspace_agent_id: 'a', workspace_agent_name: 'main' },
  ],
};

describe('the build timeline', () => {
  it('groups terraform stages with their resources and agent work, in the order a build runs', () => {
    const t = timelineOf(timings)!;
    expect(t.stages.map((s) => [s.key, s.end - s.start])).toEqual([['init', 2000], ['plan', 3000], ['graph', 500], ['apply', 4000], ['connect', 4000], ['start', 8000]]);
    expect(t.stages.find((s) => s.key === 'apply')!.children.map((c) => c.label)).toEqual(['coder_agent.main', 'docker_container.dev']);
    expect(t.end - t.start).toBe(20_000);
    expect(timelineOf({ provisioner_timings: [], agent_script_timings: [], agent_connection_timings: [] })).toBeUndefined();
  });

  it('shows each stage’s duration and opens it to its resources (a native details element, so keyboard works too)', async () => {
    renderView(<BuildTimeline timings={timings} pending={false} />);
    expect(await screen.findByText('Took 20.0 s in all.')).toBeInTheDocument();
    const apply = document.querySelector<HTMLElement>('[data-stage="apply"]')!;
    const summary = within(apply).getByText('Apply').closest('summary')!;
    expect(summary).toHaveTextContent('4.0 s');
    expect(within(apply).getByRole('list', { hidden: true, name: 'Apply steps' })).not.toBeVisible();
    await userEvent.click(summary);
    expect(apply.querySelector('details')).toHaveAttribute('open');
    const steps = within(apply).getByRole('list', { name: 'Apply steps' });
    expect(steps).toHaveTextContent('docker_container.dev');
    expect(steps).toHaveTextContent('create');
    expect(steps).toHaveTextContent('2.5 s');
    const start = document.querySelector<HTMLElement>('[data-stage="start"]')!;
    expect(start).toHaveTextContent('exit failure, exit code 2');
  });

  it('says when nothing is measured yet, and loads', async () => {
    const empty = { provisioner_timings: [], agent_script_timings: [], agent_connection_timings: [] };
    const { unmount } = renderView(<BuildTimeline timings={empty} pending />);
    expect(await screen.findByText('Stage timings appear when the build finishes.')).toBeInTheDocument();
    unmount();
    const { unmount: again } = renderView(<BuildTimeline pending />);
    expect(await screen.findByText('Stage timings appear when the build finishes.')).toBeInTheDocument();
    again();
    renderView(<BuildTimeline pending={false} />);
    expect(await screen.findByRole('status')).toHaveTextContent('Loading the build timeline…');
  });
});
