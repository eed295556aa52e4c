import { parameterValueProblem } from '@warren/sdk/parameter-rules';
import type { TemplateVersionParameter } from '@warren/sdk/templates';
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ParameterField } from '../../components/parameters/ParameterField';

export interface ParametersDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  confirmLabel: string;
  parameters: TemplateVersionParameter[];
  /** The values of the workspace's latest build. */
  current: Record<string, string>;
  onConfirm: (values: Array<{ name: string; value: string }>) => void;
}

/** Asks for parameter values before a start or an update; immutable ones are shown, not editable. */
export function ParametersDialog(p: ParametersDialogProps) {
  const initial = Object.fromEntries(p.parameters.map((x) => [x.name, p.current[x.name] ?? x.default_value]));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const problems = Object.fromEntries(p.parameters.map((x) => [x.name, parameterValueProblem(x, values[x.name] ?? '', p.current[x.name])]));
  const changed = p.parameters.filter((x) => x.mutable && (values[x.name] ?? '') !== (p.current[x.name] ?? x.default_value) || (x.ephemeral && values[x.name] !== undefined));
  return (
    <ConfirmDialog
      open={p.open}
      onOpenChange={(o) => {
        if (o) setValues(initial);
        p.onOpenChange(o);
      }}
      title={p.title}
      description="Change the values the template lets you change; the others keep the workspace's values."
      confirmLabel={p.confirmLabel}
      onConfirm={() => {
        if (Object.values(problems).some(Boolean)) return;
        p.onConfirm(changed.map((x) => ({ name: x.name, value: values[x.name] ?? '' })));
      }}
    >
      {p.parameters.map((x) => (
        <ParameterField
          key={x.name}
          parameter={x}
          value={values[x.name] ?? ''}
          disabled={!x.mutable && p.current[x.name] !== undefined}
          onChange={(v) => setValues((s) => ({ ...s, [x.name]: v }))}
          error={problems[x.name]}
        />
      ))}
    </ConfirmDialog>
  );
}
