import * as Switch from '@radix-ui/react-switch';
import type { TemplateVersionPreset } from '@warren/sdk/templates';
import { useId } from 'react';
import { DropdownOptions } from '../../components/parameters/controls';

export const NO_PRESET = '__none__';

/** A preset's values over the form's: the preset's parameters win (Coder's behaviour). */
export function applyPreset(values: Record<string, string>, preset: TemplateVersionPreset | undefined): Record<string, string> {
  if (!preset) return values;
  return { ...values, ...Object.fromEntries(preset.Parameters.map((p) => [p.Name, p.Value])) };
}

export interface PresetPickerProps {
  presets: TemplateVersionPreset[];
  /** The chosen preset's ID, or NO_PRESET. */
  value: string;
  onChange: (id: string) => void;
  showPresetParameters: boolean;
  onShowPresetParametersChange: (show: boolean) => void;
}

/** Coder's preset selector: "None" or a preset, and whether the parameters a preset sets are shown. */
export function PresetPicker(p: PresetPickerProps) {
  const id = useId();
  const chosen = p.presets.find((x) => x.ID === p.value);
  const options = [
    { name: 'None', value: NO_PRESET, description: 'Fill in every parameter yourself.', icon: '' },
    ...p.presets.map((x) => ({ name: x.Default ? `${x.Name} (Default)` : x.Name, value: x.ID, description: x.Description, icon: x.Icon })),
  ];
  return (
    <div className="flex flex-col gap-3" data-testid="preset-picker">
      <div className="flex flex-col gap-2">
        <label id={`${id}-label`} htmlFor={id} className="text-sm font-medium">
          Preset
        </label>
        <p id={`${id}-hint`} className="text-xs text-content-muted">
          A preset fills in parameters with values the template’s authors chose.
        </p>
        <DropdownOptions id={id} labelId={`${id}-label`} describedBy={`${id}-hint`} invalid={false} disabled={false} value={p.value} onChange={p.onChange} options={options} />
        {chosen && chosen.Parameters.length > 0 && (
          <p className="text-xs text-content-muted">
            Sets {chosen.Parameters.length === 1 ? 'one parameter' : `${chosen.Parameters.length} parameters`}: {chosen.Parameters.map((x) => x.Name).join(', ')}.
          </p>
        )}
      </div>
      {chosen && (
        <div className="flex items-center gap-2">
          <Switch.Root
            id={`${id}-show`}
            checked={p.showPresetParameters}
            onCheckedChange={p.onShowPresetParametersChange}
            className="relative h-6 w-11 rounded-full border border-border bg-surface-sunken data-[state=checked]:bg-accent"
          >
            <Switch.Thumb className="block size-5 translate-x-0.5 rounded-full bg-white shadow transition-transform data-[state=checked]:translate-x-5" />
          </Switch.Root>
          <label htmlFor={`${id}-show`} className="text-sm">
            Show preset parameters
          </label>
        </div>
      )}
    </div>
  );
}
