import type { ReactNode } from 'react';
import { errorMessage } from '../api/client';

/** A loading indicator announced to screen readers. */
export function Loader({ label = 'Loading…' }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-2 p-6 text-content-muted">
      <span className="size-4 animate-spin rounded-full border-2 border-border border-t-accent" aria-hidden="true" />
      {label}
    </div>
  );
}

export function FullPageLoader() {
  return (
    <div className="flex h-full items-center justify-center">
      <Loader />
    </div>
  );
}

/** An error as a sentence, with an optional retry. */
export function ErrorAlert({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  return (
    <div role="alert" className="rounded-md border border-danger/50 bg-danger/10 p-4 text-sm">
      {title && <p className="font-semibold text-danger">{title}</p>}
      <p>{errorMessage(error)}</p>
      {onRetry && (
        <button type="button" onClick={onRetry} className="mt-2 font-medium text-accent underline">
          Try again
        </button>
      )}
    </div>
  );
}

/** What a page shows when it has nothing to list. */
export function EmptyState({ title, description, action }: { title: string; description?: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-3 rounded-lg border border-dashed border-border px-6 py-16 text-center">
      <h2 className="text-lg font-semibold">{title}</h2>
      {description && <p className="max-w-md text-content-muted">{description}</p>}
      {action}
    </div>
  );
}
