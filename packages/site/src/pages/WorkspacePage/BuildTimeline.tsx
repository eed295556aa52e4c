import type { WorkspaceBuildTimings } from '@warren/sdk/build-timings';
import { Loader } from '../../components/States';
import { formatDuration } from '../../time';
import { timelineOf, type Timeline, type TimelineSpan } from './build-timeline';

/** How long each stage of the build took, with its resources and scripts (Coder's build timeline). */
export function BuildTimeline({ timings, pending }: { timings?: WorkspaceBuildTimings; /** the build has not finished */ pending: boolean }) {
  if (!timings && pending) return <p className="text-sm text-content-muted">Stage timings appear when the build finishes.</p>;
  if (!timings) return <Loader label="Loading the build timeline…" />;
  const timeline = timelineOf(timings);
  if (!timeline) {
    return <p className="text-sm text-content-muted">{pending ? 'Stage timings appear when the build finishes.' : 'This build recorded no stage timings.'}</p>;
  }
  return (
    <div className="flex flex-col gap-2" data-testid="build-timeline">
      <p className="text-sm text-content-muted">Took {formatDuration(timeline.end - timeline.start)} in all.</p>
      <ol className="flex flex-col gap-1">
        {timeline.stages.map((s) => (
          <li key={s.key} data-stage={s.key}>
            <details className="group rounded-md border border-border">
              <summary className="grid cursor-pointer grid-cols-[10rem_1fr_5rem] items-center gap-3 px-3 py-2 text-sm hover:bg-surface-raised">
                <span className="font-medium">
                  <span aria-hidden="true" className="mr-1 inline-block transition-transform group-open:rotate-90">›</span>
                  {s.label}
                  {s.children.length > 0 && <span className="ml-1 text-xs text-content-muted">({s.children.length})</span>}
                </span>
                <Bar span={s} timeline={timeline} />
                <span className="text-right tabular-nums">{formatDuration(s.end - s.start)}</span>
              </summary>
              {s.children.length > 0 ? (
                <ul className="border-t border-border py-1" aria-label={`${s.label} steps`}>
                  {s.children.map((c, i) => (
                    <li key={`${c.label}-${i}`} className="grid grid-cols-[10rem_1fr_5rem] items-center gap-3 px-3 py-1 text-xs">
                      <span className="truncate font-mono" title={c.label}>
                        {c.label}
                        {c.detail && <span className={`block font-sans ${c.failed ? 'text-danger' : 'text-content-muted'}`}>{c.detail}</span>}
                      </span>
                      <Bar span={c} timeline={timeline} subtle />
                      <span className="text-right tabular-nums">{formatDuration(c.end - c.start)}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="border-t border-border px-3 py-2 text-xs text-content-muted">Nothing inside this stage was measured on its own.</p>
              )}
            </details>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Where a span sits in the whole build, drawn to scale (the durations are given as text beside it). */
function Bar({ span, timeline, subtle = false }: { span: TimelineSpan; timeline: Timeline; subtle?: boolean }) {
  const total = Math.max(1, timeline.end - timeline.start);
  const left = ((span.start - timeline.start) / total) * 100;
  const width = Math.max(0.5, ((span.end - span.start) / total) * 100);
  const tone = span.failed ? 'bg-danger' : subtle ? 'bg-accent/50' : 'bg-accent';
  return (
    <span className="relative block h-2 rounded bg-surface-sunken" aria-hidden="true">
      <span className={`absolute inset-y-0 rounded ${tone}`} style={{ left: `${left}%`, width: `${Math.min(width, 100 - left)}%` }} />
    </span>
  );
}
