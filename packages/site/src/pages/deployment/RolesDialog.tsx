import type { AssignableRoles } from '@warren/sdk/authorization';
import type { User } from '@warren/sdk/users';
import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';

/** Picks a user's site roles; every user is a member, so that role is not offered. */
export function RolesDialog({ user, roles, onSave, onClose }: { user?: User; roles: AssignableRoles[]; onSave: (user: User, roles: string[]) => void; onClose: () => void }) {
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setChosen(new Set(user?.roles.map((r) => r.name) ?? [])), [user]);
  const offered = roles.filter((r) => r.name !== 'member');
  const toggle = (name: string, on: boolean) => setChosen((s) => (on ? new Set(s).add(name) : new Set([...s].filter((n) => n !== name))));
  return (
    <ConfirmDialog
      open={user !== undefined}
      onOpenChange={(o) => !o && onClose()}
      title={`Roles of ${user?.username ?? ''}`}
      description="Every user is a member. Add the roles that grant more."
      confirmLabel="Save roles"
      onConfirm={() => user && onSave(user, offered.map((r) => r.name).filter((n) => chosen.has(n)))}
    >
      <fieldset className="flex flex-col gap-2">
        <legend className="sr-only">Site roles</legend>
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
