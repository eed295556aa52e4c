import { updateTemplateMeta, type Template, type UpdateTemplateMeta } from '@warren/sdk/templates';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Button, buttonClass } from '../../components/Button';
import { FormSection } from '../../components/FormSection';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/States';
import { TextField } from '../../components/forms/TextField';
import { useZodForm } from '../../components/forms/useZodForm';

export interface TemplateSettingsPageViewProps {
  template: Template;
  onSave: (req: UpdateTemplateMeta) => void;
  saving: boolean;
  error?: unknown;
  saved: boolean;
}

const HOUR = 3600_000;
type Switch = 'allow_user_autostart' | 'allow_user_autostop' | 'allow_user_cancel_workspace_jobs' | 'require_active_version';

const SWITCHES: Array<[Switch, string]> = [
  ['allow_user_autostart', 'Users may set an autostart schedule on their workspaces'],
  ['allow_user_autostop', 'Users may choose when their workspaces stop (otherwise every start stops after the default)'],
  ['allow_user_cancel_workspace_jobs', 'Users may cancel their workspace builds'],
  ['require_active_version', 'Workspaces must start on the active version'],
];

/** Hours in a text field as the milliseconds the API takes; NaN (refused by the schema) when not a number. */
const hoursToMs = (text: string) => (text.trim() === '' ? 0 : Math.round(Number(text) * HOUR));

/** A template's name as people see it, its schedule settings and what users may do (template admins). */
export function TemplateSettingsPageView({ template: t, onSave, saving, error, saved }: TemplateSettingsPageViewProps) {
  const form = useZodForm({
    schema: updateTemplateMeta,
    initial: {
      display_name: t.display_name,
      description: t.description,
      icon: t.icon,
      default_ttl_ms: String(t.default_ttl_ms / HOUR),
      activity_bump_ms: String(t.activity_bump_ms / HOUR),
      deprecation_message: t.deprecation_message,
    },
    toInput: (v) => ({ ...v, default_ttl_ms: hoursToMs(v.default_ttl_ms), activity_bump_ms: hoursToMs(v.activity_bump_ms) }),
    serverError: error,
  });
  const [switches, setSwitches] = useState<Record<Switch, boolean>>({
    allow_user_autostart: t.allow_user_autostart,
    allow_user_autostop: t.allow_user_autostop,
    allow_user_cancel_workspace_jobs: t.allow_user_cancel_workspace_jobs,
    require_active_version: t.require_active_version,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const req = form.submit();
    if (req) onSave({ ...req, ...switches });
  };
  return (
    <>
      <PageHeader
        title={`${t.display_name || t.name} settings`}
        subtitle="How the template appears, and what its workspaces' owners may change."
        actions={
          <Link to={`/templates/${t.name}`} className={buttonClass()}>
            Back to the template
          </Link>
        }
      />
      <form className="flex max-w-xl flex-col gap-10" onSubmit={submit} noValidate aria-label="Template settings">
        <FormSection title="General">
          <TextField label="Display name" {...form.field('display_name')} hint="Shown instead of the name; optional." />
          <TextField label="Description" {...form.field('description')} />
          <TextField label="Icon" {...form.field('icon')} hint="A URL or a path on this site, like /icon/code.svg." />
          <TextField label="Deprecation message" {...form.field('deprecation_message')} hint="When set, the template is deprecated: no new workspaces, and this message says why." />
        </FormSection>
        <FormSection title="Schedule">
          <TextField label="Default autostop (hours)" type="number" min={0} step="any" {...form.field('default_ttl_ms')} error={form.errorOf('default_ttl_ms') && 'Enter a number of hours, 0 for none.'} hint="How long a workspace runs after each start unless its owner chose otherwise; 0 never stops it." />
          <TextField label="Activity bump (hours)" type="number" min={0} step="any" {...form.field('activity_bump_ms')} error={form.errorOf('activity_bump_ms') && 'Enter a number of hours, 0 for none.'} hint="A workspace in use has its stop moved this far ahead; 0 turns that off." />
        </FormSection>
        <FormSection title="Permissions">
          <fieldset className="flex flex-col gap-2">
            <legend className="sr-only">What workspace owners may do</legend>
            {SWITCHES.map(([key, label]) => (
              <label key={key} className="flex items-center gap-2 text-sm">
                <input type="checkbox" className="size-4 accent-accent" checked={switches[key]} onChange={(e) => setSwitches((s) => ({ ...s, [key]: e.target.checked }))} />
                {label}
              </label>
            ))}
          </fieldset>
        </FormSection>
        {error !== undefined && error !== null && !form.serverHasFieldErrors && <ErrorAlert title="The settings could not be saved." error={error} />}
        {saved && (
          <p role="status" className="rounded-md border border-success/50 bg-success/10 p-3 text-sm">
            The settings were saved.
          </p>
        )}
        <div>
          <Button type="submit" variant="primary" busy={saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </Button>
        </div>
      </form>
    </>
  );
}
