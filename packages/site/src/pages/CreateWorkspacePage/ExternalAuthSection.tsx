import type { TemplateVersionExternalAuth } from '@warren/sdk/templates';
import { Button } from '../../components/Button';
import { TemplateIcon } from '../../components/TemplateIcon';

/** The providers the template needs that the user has not logged in with (optional ones do not count). */
export const missingExternalAuth = (providers: TemplateVersionExternalAuth[] = []) => providers.filter((p) => !p.authenticated && !p.optional);

/** The template's external auth providers, each with a login button until the user is authenticated there. */
export function ExternalAuthSection({ providers, onLogin, polling }: { providers: TemplateVersionExternalAuth[]; onLogin: (provider: TemplateVersionExternalAuth) => void; polling: boolean }) {
  return (
    <section className="flex flex-col gap-4" aria-labelledby="external-auth-heading">
      <div>
        <h2 id="external-auth-heading" className="text-lg font-semibold">
          External authentication
        </h2>
        <p className="text-sm text-content-muted">This template uses accounts at these services; log in so the workspace can use yours.</p>
      </div>
      <ul className="flex flex-col gap-2">
        {providers.map((p) => {
          const name = p.display_name || p.id;
          return (
            <li key={p.id} className="flex flex-wrap items-center gap-3" data-external-auth={p.id}>
              {p.authenticated ? (
                <span className="inline-flex items-center gap-2 rounded-md border border-border px-3 py-1.5 text-sm font-medium">
                  <TemplateIcon name={name} icon={p.display_icon} size="size-4" />
                  Authenticated with {name}
                </span>
              ) : (
                <Button variant="secondary" onClick={() => onLogin(p)}>
                  <TemplateIcon name={name} icon={p.display_icon} size="size-4" />
                  Login with {name}
                </Button>
              )}
              {p.optional && <span className="text-xs text-content-muted">Optional</span>}
            </li>
          );
        })}
      </ul>
      <p role="status" className="text-sm text-content-muted empty:hidden">
        {polling ? 'Waiting for you to finish logging in in the other window…' : ''}
      </p>
    </section>
  );
}
