import type { TemplateExample } from '@warren/sdk/templates';
import { Link } from 'react-router';
import { buttonClass } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorAlert, Loader } from '../../components/States';
import { TemplateIcon } from '../../components/TemplateIcon';

export interface StarterTemplatesPageViewProps {
  examples?: TemplateExample[];
  error?: unknown;
  onRetry?: () => void;
}

/** The starter templates a new template can begin from. */
export function StarterTemplatesPageView({ examples, error, onRetry }: StarterTemplatesPageViewProps) {
  return (
    <>
      <PageHeader title="Starter templates" subtitle="Begin a template from one of these; edit it later with warren templates pull and push." />
      {error ? (
        <ErrorAlert title="The starter templates could not be loaded." error={error} onRetry={onRetry} />
      ) : !examples ? (
        <Loader label="Loading starter templates…" />
      ) : examples.length === 0 ? (
        <EmptyState title="No starter templates" description="This installation ships none; push a template with warren templates push." />
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {examples.map((e) => (
            <li key={e.id} className="flex flex-col gap-3 rounded-lg border border-border bg-surface-raised p-4">
              <div className="flex items-center gap-3">
                <TemplateIcon name={e.id} icon={e.icon} size="size-10" />
                <div className="min-w-0">
                  <h2 className="font-semibold">{e.name}</h2>
                  <p className="text-sm text-content-muted">{e.description}</p>
                </div>
              </div>
              {e.tags.length > 0 && <p className="text-xs text-content-muted">{e.tags.join(' · ')}</p>}
              <div className="mt-auto">
                <Link to={`/templates/new?exampleId=${encodeURIComponent(e.id)}`} className={buttonClass('primary')} aria-label={`Use template ${e.name}`}>
                  Use template
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
