import * as Checkbox from '@radix-ui/react-checkbox';
import * as RadioGroup from '@radix-ui/react-radio-group';
import * as Select from '@radix-ui/react-select';
import * as Slider from '@radix-ui/react-slider';
import * as Switch from '@radix-ui/react-switch';
import type { TemplateVersionParameterOption } from '@warren/sdk/templates';
import { useState, type KeyboardEvent } from 'react';
import { inputClass } from '../forms/TextField';
import { TemplateIcon } from '../TemplateIcon';

/** What every control gets: the label's id (for aria-labelledby), the error's, and the state. */
export interface ControlProps {
  id: string;
  labelId: string;
  describedBy?: string;
  invalid: boolean;
  disabled: boolean;
  value: string;
  onChange: (value: string) => void;
}

function OptionLabel({ option }: { option: TemplateVersionParameterOption }) {
  return (
    <span className="flex items-start gap-2">
      {option.icon && <TemplateIcon name={option.name} icon={option.icon} size="size-5" />}
      <span>
        <span className="block text-sm">{option.name}</span>
        {option.description && <span className="block text-xs text-content-muted">{option.description}</span>}
      </span>
    </span>
  );
}

export function RadioOptions({ options, ...c }: ControlProps & { options: TemplateVersionParameterOption[] }) {
  return (
    <RadioGroup.Root
      value={c.value}
      onValueChange={c.onChange}
      disabled={c.disabled}
      aria-labelledby={c.labelId}
      aria-describedby={c.describedBy}
      aria-invalid={c.invalid || undefined}
      className="flex flex-col gap-2"
    >
      {options.map((o) => (
        <label key={o.value} className="flex cursor-pointer items-start gap-2 rounded-md border border-border p-2 has-[[data-state=checked]]:border-accent">
          <RadioGroup.Item value={o.value} className="mt-0.5 flex size-4 shrink-0 items-center justify-center rounded-full border border-border bg-surface">
            <RadioGroup.Indicator className="size-2 rounded-full bg-accent" />
          </RadioGroup.Item>
          <OptionLabel option={o} />
        </label>
      ))}
    </RadioGroup.Root>
  );
}

export function DropdownOptions({ options, ...c }: ControlProps & { options: TemplateVersionParameterOption[] }) {
  const chosen = options.find((o) => o.value === c.value);
  return (
    <Select.Root value={c.value || undefined} onValueChange={c.onChange} disabled={c.disabled}>
      <Select.Trigger
        id={c.id}
        aria-labelledby={c.labelId}
        aria-describedby={c.describedBy}
        aria-invalid={c.invalid || undefined}
        className={`${inputClass} flex items-center justify-between text-left`}
      >
        <Select.Value placeholder="Select an option">{chosen ? <OptionLabel option={{ ...chosen, description: '' }} /> : undefined}</Select.Value>
        <Select.Icon aria-hidden="true">▾</Select.Icon>
      </Select.Trigger>
      <Select.Portal>
        <Select.Content position="popper" sideOffset={4} className="z-50 max-h-80 min-w-[var(--radix-select-trigger-width)] overflow-auto rounded-md border border-border bg-surface-raised p-1 shadow-lg">
          <Select.Viewport>
            {options.map((o) => (
              <Select.Item key={o.value} value={o.value} className="cursor-pointer rounded px-2 py-1.5 outline-none data-[highlighted]:bg-surface-sunken">
                <Select.ItemText>{o.name}</Select.ItemText>
                {o.description && <span className="block text-xs text-content-muted">{o.description}</span>}
              </Select.Item>
            ))}
          </Select.Viewport>
        </Select.Content>
      </Select.Portal>
    </Select.Root>
  );
}

export function BoolControl({ kind, ...c }: ControlProps & { kind: 'checkbox' | 'switch' }) {
  const checked = c.value === 'true';
  const common = { id: c.id, checked, disabled: c.disabled, 'aria-labelledby': c.labelId, 'aria-describedby': c.describedBy, 'aria-invalid': c.invalid || undefined };
  if (kind === 'switch') {
    return (
      <Switch.Root {...common} onCheckedChange={(v) => c.onChange(String(v))} className="relative h-6 w-11 rounded-full border border-border bg-surface-sunken data-[state=checked]:bg-accent">
        <Switch.Thumb className="block size-5 translate-x-0.5 rounded-full bg-white shadow transition-transform data-[state=checked]:translate-x-5" />
      </Switch.Root>
    );
  }
  return (
    <Checkbox.Root {...common} onCheckedChange={(v) => c.onChange(String(v === true))} className="flex size-5 items-center justify-center rounded border border-border bg-surface data-[state=checked]:bg-accent">
      <Checkbox.Indicator className="text-xs text-accent-content">✓</Checkbox.Indicator>
    </Checkbox.Root>
  );
}

export function SliderControl({ min, max, ...c }: ControlProps & { min: number; max: number }) {
  const n = Number(c.value);
  return (
    <div className="flex items-center gap-4">
      <Slider.Root
        value={[Number.isFinite(n) ? n : min]}
        min={min}
        max={max}
        step={1}
        disabled={c.disabled}
        onValueChange={(v) => c.onChange(String(v[0]))}
        className="relative flex h-5 flex-1 touch-none items-center"
      >
        <Slider.Track className="relative h-1 grow rounded-full bg-surface-sunken">
          <Slider.Range className="absolute h-full rounded-full bg-accent" />
        </Slider.Track>
        <Slider.Thumb aria-labelledby={c.labelId} aria-describedby={c.describedBy} className="block size-4 rounded-full border border-border bg-surface shadow" />
      </Slider.Root>
      <output className="w-12 text-right font-mono text-sm" aria-hidden="true">
        {c.value}
      </output>
    </div>
  );
}

/** list(string) with options: each option is a checkbox; the value is a JSON array. */
export function MultiSelect({ options, list, ...c }: ControlProps & { options: TemplateVersionParameterOption[]; list: string[] }) {
  const toggle = (v: string, on: boolean) => c.onChange(JSON.stringify(on ? [...list, v] : list.filter((x) => x !== v)));
  return (
    <div role="group" aria-labelledby={c.labelId} aria-describedby={c.describedBy} className="flex flex-col gap-2">
      {options.map((o) => (
        <label key={o.value} className="flex cursor-pointer items-start gap-2">
          <Checkbox.Root
            checked={list.includes(o.value)}
            disabled={c.disabled}
            onCheckedChange={(v) => toggle(o.value, v === true)}
            className="mt-0.5 flex size-4 shrink-0 items-center justify-center rounded border border-border bg-surface data-[state=checked]:bg-accent"
          >
            <Checkbox.Indicator className="text-[10px] text-accent-content">✓</Checkbox.Indicator>
          </Checkbox.Root>
          <OptionLabel option={o} />
        </label>
      ))}
    </div>
  );
}

/** list(string) without options: type a tag and press Enter (or a comma); each tag can be removed. */
export function TagSelect({ list, ...c }: ControlProps & { list: string[] }) {
  const [draft, setDraft] = useState('');
  const add = () => {
    const tag = draft.trim();
    if (tag && !list.includes(tag)) c.onChange(JSON.stringify([...list, tag]));
    setDraft('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      add();
    } else if (e.key === 'Backspace' && draft === '' && list.length > 0) {
      c.onChange(JSON.stringify(list.slice(0, -1)));
    }
  };
  return (
    <div className="flex flex-col gap-2">
      {list.length > 0 && (
        <ul className="flex flex-wrap gap-1" aria-label="Chosen values">
          {list.map((t) => (
            <li key={t} className="flex items-center gap-1 rounded-full bg-surface-sunken px-2 py-0.5 text-xs">
              {t}
              <button type="button" aria-label={`Remove ${t}`} disabled={c.disabled} onClick={() => c.onChange(JSON.stringify(list.filter((x) => x !== t)))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        id={c.id}
        className={inputClass}
        value={draft}
        disabled={c.disabled}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={add}
        placeholder="Type a value and press Enter"
        aria-labelledby={c.labelId}
        aria-describedby={c.describedBy}
        aria-invalid={c.invalid || undefined}
      />
    </div>
  );
}
