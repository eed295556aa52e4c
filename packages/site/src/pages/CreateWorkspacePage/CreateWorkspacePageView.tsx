import { parameterValueProblem } from '@warren/sdk/parameter-rules';
import type { Template, TemplateVersionExternalAuth, TemplateVersionParameter, TemplateVersionPreset } from '@warren/sdk/templates';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { fieldErrors } from '../../api/client';
import { Button, buttonClass } from '../../components/Button';
import { TextField } from '../../components/forms/TextField';
import { PageHeader } from '../../components/PageHeader';
import { ParameterField } from '../../components/parameters/ParameterField';
import { ErrorAlert } from '../../components/States';
import { TemplateIcon } from '../../components/TemplateIcon';
import { ExternalAuthSection, missingExternalAuth } from './ExternalAuthSection';
import { applyPreset, NO_PRESET, PresetPicker } from './PresetPicker';
import { workspaceNameProblem } from './workspaceName';

export interface CreateWorkspacePageViewProps {
  template: Template;
  parameters: TemplateVersionParameter[];
  /** The version's presets (`coder_workspace_preset`); the default one is chosen at first. */
  presets?: TemplateVersionPreset[];
  /** Initial values: defaults, overridden by `?param.<name>=` in the address. */
  initialValues: Record<string, string>;
  initialName: string;
  /** `presetId`: the chosen preset's id, absent when none is. */
  onSubmit: (req: { name: string; values: Array<{ name: string; value: string }>; presetId?: string }) => void;
  isSubmitting: boolean;
  error?: unknown;
  /** The version's external auth providers; a required one the user has not logged in with blocks creating. */
  externalAuth?: TemplateVersionExternalAuth[];
  onExternalAuthLogin?: (provider: TemplateVersionExternalAuth) => void;
  /** A login window is open and the list is being refetched. */
  externalAuthPolling?: boolean;
}

/** The create form, rendered from the template version's rich parameters. */
export function CreateWorkspacePageView(props: CreateWorkspacePageViewProps) {
  const { template, parameters } = props;
  const [name, setName] = useState(props.initialName);
  const presets = props.presets ?? [];
  const defaultPreset = presets.find((x) => x.Default);
  const [presetId, setPresetId] = useState(defaultPreset?.ID ?? NO_PRESET);
  const [showPresetParameters, setShowPresetParameters] = useState(false);
  const [values, setValues] = useState(() => applyPreset(props.initialValues, defaultPreset));
  const preset = presets.find((x) => x.ID === presetId);
  const setByPreset = new Set(preset?.Parameters.map((x) => x.Name) ?? []);
  const choosePreset = (id: string) => {
    setPresetId(id);
    const next = presets.find((x) => x.ID === id);
    if (next) setValues((v) => applyPreset(v, next));
  };
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const server = fieldErrors(props.error);

  const problems: Record<string, string | undefined> = { name: workspaceNameProblem(name) };
  for (const p of parameters) problems[p.name] = parameterValueProblem(p, values[p.name] ?? '');
  const shown = (field: string) => ((submitted || touched[field]) && problems[field]) || server[field];
  const set = (field: string, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setTouched((t) => ({ ...t, [field]: true }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.values(problems).some(Boolean) || blockedBecause) return;
    props.onSubmit({ name, values: parameters.map((p) => ({ name: p.name, value: values[p.name] ?? '' })), ...(preset ? { presetId: preset.ID } : {}) });
  };
  const generalError = props.error && Object.keys(server).length === 0 ? props.error : undefined;
  const externalAuth = props.externalAuth ?? [];
  const missing = missingExternalAuth(externalAuth);
  const blockedBecause = missing.length > 0 ? `Log in with ${missing.map((p) => p.display_name || p.id).join(' and ')} before creating the workspace: the template needs it.` : undefined;

  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="New workspace"
        subtitle={
          <span className="flex items-center gap-2">
            <TemplateIcon name={template.name} icon={template.icon} size="size-5" />
            {template.display_name || template.name}
          </span>
        }
      />
      <form onSubmit={submit} noValidate className="flex flex-col gap-8" aria-label="Create a workspace">
        {generalError !== undefined && <ErrorAlert title="The workspace could not be created." error={generalError} />}
        {props.error !== undefined && props.error !== null && Object.keys(server).length > 0 && (
          <ErrorAlert title="Some values were refused by the server; see the fields below." error={props.error} />
        )}
        <section className="flex flex-col gap-4">
          <h2 className="text-lg font-semibold">General</h2>
          <TextField
            label="Workspace name"
            name="name"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setTouched((t) => ({ ...t, name: true }));
            }}
            error={shown('name') || undefined}
            hint="Letters, digits and single hyphens; at most 32 characters."
          />
        </section>
        {externalAuth.length > 0 && <ExternalAuthSection providers={externalAuth} onLogin={(p) => props.onExternalAuthLogin?.(p)} polling={props.externalAuthPolling ?? false} />}
        {parameters.length > 0 && (
          <section className="flex flex-col gap-6">
            <h2 className="text-lg font-semibold">Parameters</h2>
            {presets.length > 0 && (
              <PresetPicker
                presets={presets}
                value={presetId}
                onChange={choosePreset}
                showPresetParameters={showPresetParameters}
                onShowPresetParametersChange={setShowPresetParameters}
              />
            )}
            {parameters.map((p) => {
              const error = shown(p.name) || undefined;
              // A preset's parameters are its to set: hidden unless asked for (or wrong), and read-only.
              if (setByPreset.has(p.name) && !showPresetParameters && !error) return null;
              return <ParameterField key={p.name} parameter={p} value={values[p.name] ?? ''} onChange={(v) => set(p.name, v)} error={error} disabled={setByPreset.has(p.name)} />;
            })}
          </section>
        )}
        <div className="flex flex-wrap items-center justify-end gap-2 border-t border-border pt-4">
          {blockedBecause && (
            <p id="create-blocked-reason" className="mr-auto text-sm text-content-muted">
              {blockedBecause}
            </p>
          )}
          <Link to={`/templates/${template.name}`} className={buttonClass()}>
            Cancel
          </Link>
          <Button type="submit" variant="primary" busy={props.isSubmitting} disabled={blockedBecause !== undefined} aria-describedby={blockedBecause ? 'create-blocked-reason' : undefined}>
            {props.isSubmitting ? 'Creating…' : 'Create workspace'}
          </Button>
        </div>
      </form>
    </div>
  );
}
