import type { Template, TemplateVersion, TemplateVersionParameter } from '@warren/sdk/templates';
import type { WorkspaceResource } from '@warren/sdk/workspaces';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { buttonClass } from '../../components/Button';
import { Markdown } from '../../components/Markdown';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, Loader } from '../../components/States';
import { TemplateIcon } from '../../components/TemplateIcon';
import { relativeTime } from '../../time';

export interface TemplatePageViewProps {
  template: Template;
  versions?: TemplateVersion[];
  parameters?: TemplateVersionParameter[];
  resources?: WorkspaceResource[];
  error?: unknown;
  /** The viewer administers templates (the Settings link). */
  canEdit?: boolean;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`section-${title}`} className="rounded-lg border border-border">
      <h2 id={`section-${title}`} className="border-b border-border bg-surface-raised px-4 py-2 font-semibold">
        {title}
      </h2>
      <div className="p-4">{children}</div>
    </section>
  );
}

/** A template: summary, active version, its parameters and resources, and every version. */
export function TemplatePageView({ template: t, versions, parameters, resources, error, canEdit }: TemplatePageViewProps) {
  const active = versions?.find((v) => v.id === t.active_version_id);
  return (
    <>
      <PageHeader
        title={t.display_name || t.name}
        subtitle={
          <span className="flex items-center gap-2">
            <TemplateIcon name={t.name} icon={t.icon} size="size-5" />
            {t.description || 'No description'}
          </span>
        }
        actions={
          <>
            {canEdit && (
              <Link to={`/templates/${t.name}/settings`} className={buttonClass()}>
                Settings
              </Link>
            )}
            <Link to={`/templates/${t.name}/workspace`} className={buttonClass('primary')}>
              Create workspace
            </Link>
          </>
        }
      />
      {error !== undefined && error !== null && <ErrorAlert error={error} />}
      {t.deprecated && <p className="mb-4 rounded-md border border-warning/50 p-3 text-sm text-warning">Deprecated: {t.deprecation_message}</p>}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="flex flex-col gap-6 lg:col-span-2">
          <Section title="Parameters">
            {!parameters ? (
              <Loader />
            ) : parameters.length === 0 ? (
              <p className="text-sm text-content-muted">This template asks for no parameters.</p>
            ) : (
              <dl className="flex flex-col gap-3">
                {parameters.map((p) => (
                  <div key={p.name}>
                    <dt className="text-sm font-medium">
                      {p.display_name || p.name} <span className="font-mono text-xs text-content-muted">{p.type}</span>
                      {p.required && <span className="ml-1 text-xs text-danger">required</span>}
                    </dt>
                    <dd>
                      {p.description && <Markdown>{p.description}</Markdown>}
                      {p.default_value !== '' && <span className="text-xs text-content-muted">Default: {p.default_value}</span>}
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </Section>
          <Section title="Resources">
            {!resources ? (
              <Loader />
            ) : resources.length === 0 ? (
              <p className="text-sm text-content-muted">No resources.</p>
            ) : (
              <ul className="flex flex-col gap-1 font-mono text-sm">
                {resources.map((r) => (
                  <li key={r.id}>
                    {r.type}.{r.name}
                    {(r.agents ?? []).map((a) => (
                      <span key={a.id} className="ml-2 text-content-muted">
                        agent {a.name} ({a.operating_system}/{a.architecture})
                      </span>
                    ))}
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </div>
        <div className="flex flex-col gap-6">
          <Section title="Summary">
            <dl className="grid grid-cols-2 gap-2 text-sm">
              <dt className="text-content-muted">Active version</dt>
              <dd>{active?.name ?? '…'}</dd>
              <dt className="text-content-muted">Developers</dt>
              <dd>{t.active_user_count}</dd>
              <dt className="text-content-muted">Created by</dt>
              <dd>{t.created_by_name}</dd>
              <dt className="text-content-muted">Updated</dt>
              <dd>{relativeTime(t.updated_at)}</dd>
            </dl>
          </Section>
          <Section title="Versions">
            {!versions ? (
              <Loader />
            ) : (
              <ol className="flex flex-col gap-2 text-sm">
                {[...versions].reverse().map((v) => (
                  <li key={v.id} className="flex justify-between gap-2">
                    <span>
                      <span className="font-medium">{v.name}</span>
                      {v.id === t.active_version_id && <span className="ml-2 rounded border border-success/50 px-1 text-xs text-success">Active</span>}
                      {v.message && <span className="block text-xs text-content-muted">{v.message}</span>}
                    </span>
                    <span className="shrink-0 text-xs text-content-muted">{relativeTime(v.created_at)}</span>
                  </li>
                ))}
              </ol>
            )}
          </Section>
        </div>
      </div>
    </>
  );
}
