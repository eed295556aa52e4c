import { createTemplateRequest, type TemplateExample } from '@warren/sdk/templates';
import type { FormEvent } from 'react';
import { Button } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/States';
import { TextField } from '../../components/forms/TextField';
import { useZodForm } from '../../components/forms/useZodForm';

export interface CreateTemplatePageViewProps {
  example: TemplateExample;
  onCreate: (req: { name: string; displayName: string }) => void;
  /** The import is running (it can take a while the first time terraform starts). */
  creating: boolean;
  error?: unknown;
}

/** The server's own rule for a new template's name and display name. */
const form = createTemplateRequest.pick({ name: true, display_name: true });

/** Names a new template made from a starter template, then imports it. */
export function CreateTemplatePageView({ example, onCreate, creating, error }: CreateTemplatePageViewProps) {
  const f = useZodForm({ schema: form, initial: { name: example.id, display_name: example.name }, toInput: (v) => ({ name: v.name.trim(), display_name: v.display_name }), serverError: error });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const req = f.submit();
    if (req) onCreate({ name: req.name, displayName: req.display_name ?? '' });
  };
  return (
    <>
      <PageHeader title={`New template from ${example.name}`} subtitle={example.description} />
      <form className="flex max-w-xl flex-col gap-4" onSubmit={submit} noValidate aria-label="New template">
        <TextField label="Name" {...f.field('name')} hint="Used in URLs and by the CLI: letters, digits and single hyphens." />
        <TextField label="Display name" {...f.field('display_name')} />
        {error !== undefined && error !== null && !f.serverHasFieldErrors && <ErrorAlert title="The template could not be created." error={error} />}
        {creating && (
          <p role="status" className="text-sm text-content-muted">
            Importing the template: terraform reads it and the provider describes its resources…
          </p>
        )}
        <div>
          <Button type="submit" variant="primary" busy={creating}>
            {creating ? 'Creating…' : 'Create template'}
          </Button>
        </div>
      </form>
    </>
  );
}
