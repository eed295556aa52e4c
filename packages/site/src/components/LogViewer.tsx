import { useEffect, useRef } from 'react';

export interface LogLine {
  id: number;
  created_at: string;
  output: string;
  level?: string;
  log_level?: string;
  stage?: string;
}

/** Log lines in a scrolling monospace box that follows new lines while scrolled to the bottom. */
export function LogViewer({ lines, label, emptyText = 'No logs yet.' }: { lines: LogLine[]; label: string; emptyText?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  useEffect(() => {
    const el = box.current;
    if (el && follow.current) el.scrollTop = el.scrollHeight;
  }, [lines.length]);
  let stage = '';
  return (
    <div
      ref={box}
      role="log"
      aria-label={label}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
      className="max-h-96 overflow-auto rounded-md border border-border bg-surface-sunken p-3 font-mono text-xs leading-5"
    >
      {lines.length === 0 && <p className="text-content-muted">{emptyText}</p>}
      {lines.map((l) => {
        const level = l.level ?? l.log_level ?? 'info';
        const header = l.stage && l.stage !== stage ? l.stage : undefined;
        if (header) stage = header;
        return (
          <div key={l.id}>
            {header && <div className="mt-2 font-semibold text-content">{header}</div>}
            <div className={`whitespace-pre-wrap break-all ${level === 'error' ? 'text-danger' : level === 'warn' ? 'text-warning' : ''}`}>{l.output}</div>
          </div>
        );
      })}
    </div>
  );
}
