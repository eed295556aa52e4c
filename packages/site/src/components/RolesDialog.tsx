import type { AssignableRoles } from '@warren/sdk/authorization';
import { useEffect, useState } from 'react';
import { ConfirmDialog } from './ConfirmDialog';

export interface RolesDialogProps {
  /** Whose roles are edited (a username), and the roles they hold now; undefined keeps the dialog closed. */
  subject?: { name: string; roles: string[] };
  /** The roles on offer, with whether the signed-in user may assign each. */
  roles: AssignableRoles[];
  /** The role everyone holds anyway, never offered. */
  implied: string;
  description: string;
  onSave: (roles: string[]) => void;
  onClose: () => void;
}

/** Picks the roles of a user (site roles) or of an organization member (organization roles). */
export function RolesDialog(p: RolesDialogProps) {
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  // Reset when another subject (or the same one with other roles) is opened, not on every render.
  const opened = p.subject ? `${p.subject.name}:${p.subject.roles.join(',')}` : '';
  useEffect(() => setChosen(new Set(p.subject?.roles ?? [])), [opened]);
  const offered = p.roles.filter((r) => r.name !== p.implied);
  const toggle = (name: string, on: boolean) => setChosen((s) => (on ? new Set(s).add(name) : new Set([...s].filter((n) => n !== name))));
  return (
    <ConfirmDialog
      open={p.subject !== undefined}
      onOpenChange={(o) => !o && p.onClose()}
      title={`Roles of ${p.subject?.name ?? ''}`}
      description={p.description}
      confirmLabel="Save roles"
      onConfirm={() => p.onSave(offered.map((r) => r.name).filter((n) => chosen.has(n)))}
    >
      <fieldset className="flex flex-col gap-2">
        <legend className="sr-only">Roles</legend>
        {offered.map((r) => (
          <label key={r.name} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="size-4 accent-accent"
              checked={chosen.has(r.name)}
              disabled={!r.assignable}
              onChange={(e) => toggle(r.name, e.target.checked)}
            />
            <span>
              {r.display_name || r.name} <span className="font-mono text-xs text-content-muted">{r.name}</span>
              {!r.assignable && <span className="text-xs text-content-muted"> (you may not assign it)</span>}
            </span>
          </label>
        ))}
      </fieldset>
    </ConfirmDialog>
  );
}
