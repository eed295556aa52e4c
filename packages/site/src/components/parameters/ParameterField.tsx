import { effectiveFormType, parseStringList } from '@warren/sdk/parameter-rules';
import type { TemplateVersionParameter } from '@warren/sdk/templates';
import { useId } from 'react';
import { inputClass } from '../forms/TextField';
import { Markdown } from '../Markdown';
import { TemplateIcon } from '../TemplateIcon';
import { BoolControl, DropdownOptions, MultiSelect, RadioOptions, SliderControl, TagSelect, type ControlProps } from './controls';

export interface ParameterFieldProps {
  parameter: TemplateVersionParameter;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  /** An immutable parameter of an existing workspace. */
  disabled?: boolean;
}

/** One `coder_parameter` as a labelled form field, in the control its type and form_type ask for. */
export function ParameterField({ parameter: p, value, onChange, error, disabled = false }: ParameterFieldProps) {
  const id = useId();
  const labelId = `${id}-label`;
  const errorId = `${id}-error`;
  const descId = `${id}-description`;
  const describedBy = [p.description ? descId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const control: ControlProps = { id, labelId, describedBy, invalid: !!error, disabled, value, onChange };
  return (
    <div className="flex flex-col gap-2" data-parameter={p.name}>
      <div className="flex items-start gap-3">
        {p.icon && <TemplateIcon name={p.name} icon={p.icon} size="size-8" />}
        <div>
          <label id={labelId} htmlFor={id} className="text-sm font-medium">
            {p.display_name || p.name}
            {p.required && (
              <span className="ml-1 text-danger" aria-hidden="true">
                *
              </span>
            )}
            {p.required && <span className="sr-only"> (required)</span>}
          </label>
          <span className="ml-2 space-x-1 text-xs text-content-muted">
            {!p.mutable && <span className="rounded border border-border px-1">Immutable</span>}
            {p.ephemeral && <span className="rounded border border-border px-1">Ephemeral</span>}
          </span>
          {p.description && (
            <div id={descId}>
              <Markdown>{p.description}</Markdown>
            </div>
          )}
        </div>
      </div>
      <Control parameter={p} control={control} />
      {error && (
        <p id={errorId} className="text-sm text-danger" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function Control({ parameter: p, control }: { parameter: TemplateVersionParameter; control: ControlProps }) {
  const formType = effectiveFormType(p);
  switch (formType) {
    case 'radio':
      return <RadioOptions {...control} options={p.options} />;
    case 'dropdown':
      return <DropdownOptions {...control} options={p.options} />;
    case 'checkbox':
    case 'switch':
      return <BoolControl {...control} kind={formType} />;
    case 'slider':
      return <SliderControl {...control} min={p.validation_min ?? 0} max={p.validation_max ?? 100} />;
    case 'multi-select':
      return <MultiSelect {...control} options={p.options} list={parseStringList(control.value) ?? []} />;
    case 'tag-select':
      return <TagSelect {...control} list={parseStringList(control.value) ?? []} />;
    case 'textarea':
      return (
        <textarea
          id={control.id}
          className={`${inputClass} min-h-24 font-mono`}
          value={control.value}
          disabled={control.disabled}
          onChange={(e) => control.onChange(e.target.value)}
          aria-describedby={control.describedBy}
          aria-invalid={control.invalid || undefined}
        />
      );
    default:
      return (
        <input
          id={control.id}
          className={inputClass}
          type={p.type === 'number' ? 'number' : 'text'}
          inputMode={p.type === 'number' ? 'decimal' : undefined}
          value={control.value}
          disabled={control.disabled}
          onChange={(e) => control.onChange(e.target.value)}
          aria-describedby={control.describedBy}
          aria-invalid={control.invalid || undefined}
        />
      );
  }
}
