import type { WorkspaceBuildTimings } from '@warren/sdk/build-timings';

export interface TimelineSpan {
  label: string;
  start: number;
  end: number;
  /** Extra words for the span: the action, an exit status. */
  detail?: string;
  failed?: boolean;
}

export interface TimelineStage extends TimelineSpan {
  key: string;
  /** Resources (or scripts) measured inside the stage. */
  children: TimelineSpan[];
}

export interface Timeline {
  start: number;
  end: number;
  stages: TimelineStage[];
}

/** Coder's build timeline stages, in the order a build runs them. */
const STAGES: Array<{ key: string; label: string }> = [
  { key: 'init', label: 'Initialize terraform' },
  { key: 'plan', label: 'Plan' },
  { key: 'graph', label: 'Graph' },
  { key: 'apply', label: 'Apply' },
  { key: 'connect', label: 'Agent connect' },
  { key: 'start', label: 'Start scripts' },
];

const ms = (iso: string) => new Date(iso).getTime();
const STAGE_RESOURCE = /^coder_stage_/;

/**
 * The timings of a build as stages with their resources (terraform) and scripts (agent), the way
 * Coder's build timeline groups them. A stage without its own whole-stage span takes the extent
 * of what was measured inside it. Undefined when nothing was measured.
 */
export function timelineOf(t: WorkspaceBuildTimings): Timeline | undefined {
  const stages: TimelineStage[] = [];
  for (const { key, label } of STAGES) {
    let children: TimelineSpan[] = [];
    let whole: { start: number; end: number } | undefined;
    if (key === 'connect') {
      children = t.agent_connection_timings.map((c) => ({ label: c.workspace_agent_name, start: ms(c.started_at), end: ms(c.ended_at) }));
    } else if (key === 'start') {
      children = t.agent_script_timings
        .filter((s) => s.stage === 'start')
        .map((s) => ({
          label: `${s.workspace_agent_name}: ${s.display_name}`,
          start: ms(s.started_at),
          end: ms(s.ended_at),
          detail: s.status === 'ok' ? undefined : `${s.status.replaceAll('_', ' ')}, exit code ${s.exit_code}`,
          failed: s.status !== 'ok',
        }));
    } else {
      for (const p of t.provisioner_timings.filter((p) => p.stage === key)) {
        if (STAGE_RESOURCE.test(p.resource)) whole = { start: ms(p.started_at), end: ms(p.ended_at) };
        else children.push({ label: p.resource, start: ms(p.started_at), end: ms(p.ended_at), detail: p.action });
      }
    }
    children.sort((a, b) => a.start - b.start);
    if (!whole && children.length === 0) continue;
    const extent = whole ?? { start: Math.min(...children.map((c) => c.start)), end: Math.max(...children.map((c) => c.end)) };
    stages.push({ key, label, ...extent, children, failed: children.some((c) => c.failed) });
  }
  if (stages.length === 0) return undefined;
  return { start: Math.min(...stages.map((s) => s.start)), end: Math.max(...stages.map((s) => s.end)), stages };
}
