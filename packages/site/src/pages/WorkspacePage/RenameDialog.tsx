import { nameSchema } from '@warren/sdk/users';
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TextField } from '../../components/forms/TextField';

export interface RenameDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  current: string;
  onRename: (name: string) => void;
}

/** A new name for the workspace, checked as the server checks it. */
export function RenameDialog(p: RenameDialogProps) {
  const [name, setName] = useState(p.current);
  const parsed = nameSchema.safeParse(name);
  const problem = parsed.success ? undefined : parsed.error.issues[0]?.message;
  return (
    <ConfirmDialog
      open={p.open}
      onOpenChange={(o) => {
        if (o) setName(p.current);
        p.onOpenChange(o);
      }}
      title={`Rename ${p.current}`}
      description="A rename can lose data if the template names resources (such as volumes) after the workspace. Back up what you need first."
      confirmLabel="Rename workspace"
      confirmDisabled={!parsed.success || name === p.current}
      onConfirm={() => p.onRename(name)}
    >
      <TextField label="New name" value={name} onChange={(e) => setName(e.target.value)} error={problem} autoComplete="off" />
    </ConfirmDialog>
  );
}
