import type { ReactNode } from 'react';

/** A column heading; `hidden` ones are read by screen readers only (e.g. a column of buttons). */
export type TableColumn = string | { label: string; hidden: true };

/**
 * The dashboard's data table: a bordered, horizontally scrolling table with a caption for screen
 * readers and one header row. The rows (`<tbody>`) are the caller's.
 */
export function Table({ caption, columns, children }: { caption: string; columns: TableColumn[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-border">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-surface-raised text-content-muted">
          <tr>
            {columns.map((c) => {
              const label = typeof c === 'string' ? c : c.label;
              return (
                <th key={label} scope="col" className="px-4 py-2 font-medium">
                  {typeof c === 'string' ? c : <span className="sr-only">{c.label}</span>}
                </th>
              );
            })}
          </tr>
        </thead>
        {children}
      </table>
    </div>
  );
}
