import type { Template } from '@warren/sdk/templates';
import { Link } from 'react-router';
import { buttonClass } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorAlert, Loader } from '../../components/States';
import { TemplateIcon } from '../../components/TemplateIcon';
import { formatDuration } from '../../time';

export interface TemplatesPageViewProps {
  templates?: Template[];
  error?: unknown;
  onRetry?: () => void;
  /** The viewer may create templates (owners, template admins). */
  canCreate?: boolean;
}

export function TemplatesPageView({ templates, error, onRetry, canCreate }: TemplatesPageViewProps) {
  return (
    <>
      <PageHeader
        title="Templates"
        subtitle="Pick a template to create a workspace from it."
        actions={
          canCreate && (
            <Link to="/starter-templates" className={buttonClass()}>
              New template
            </Link>
          )
        }
      />
      {error ? (
        <ErrorAlert title="The templates could not be loaded." error={error} onRetry={onRetry} />
      ) : !templates ? (
        <Loader label="Loading templates…" />
      ) : templates.length === 0 ? (
        <EmptyState
          title="No templates yet"
          description={
            <>
              Templates are pushed with the CLI: <code className="font-mono">warren templates push</code>
              {canCreate && (
                <>
                  , or begin one from a{' '}
                  <Link to="/starter-templates" className="text-accent underline">
                    starter template
                  </Link>
                </>
              )}
              .
            </>
          }
        />
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {templates.map((t) => (
            <li key={t.id} className="flex flex-col gap-3 rounded-lg border border-border bg-surface-raised p-4">
              <div className="flex items-center gap-3">
                <TemplateIcon name={t.name} icon={t.icon} size="size-10" />
                <div className="min-w-0">
                  <Link to={`/templates/${t.name}`} className="font-semibold hover:underline">
                    {t.display_name || t.name}
                  </Link>
                  <p className="truncate text-sm text-content-muted">{t.description || 'No description'}</p>
                </div>
              </div>
              <p className="text-xs text-content-muted">
                {t.active_user_count} {t.active_user_count === 1 ? 'developer' : 'developers'}
                {t.build_time_stats.start.p50 !== null && <> · builds in ~{formatDuration(t.build_time_stats.start.p50)}</>}
                {t.deprecated && <span className="ml-2 text-warning">Deprecated</span>}
              </p>
              <div className="mt-auto">
                <Link to={`/templates/${t.name}/workspace`} className={buttonClass('primary')} aria-label={`Create a workspace from ${t.display_name || t.name}`}>
                  Create workspace
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
