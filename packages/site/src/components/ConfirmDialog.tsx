import * as Dialog from '@radix-ui/react-dialog';
import { useState, type ReactNode } from 'react';
import { Button } from './Button';
import { inputClass } from './forms/TextField';

export interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  /** When set, the user must type this text to confirm (deleting). */
  typeToConfirm?: string;
  danger?: boolean;
  /** Keeps the confirm button disabled (the form in `children` is not valid yet). */
  confirmDisabled?: boolean;
  children?: ReactNode;
}

/** A modal question with Cancel and a confirm button; focus stays inside until it closes. */
export function ConfirmDialog(p: ConfirmDialogProps) {
  const [typed, setTyped] = useState('');
  const blocked = (p.typeToConfirm !== undefined && typed !== p.typeToConfirm) || p.confirmDisabled === true;
  return (
    <Dialog.Root open={p.open} onOpenChange={(o) => { setTyped(''); p.onOpenChange(o); }}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/50" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 max-h-[90vh] w-full max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-auto rounded-lg border border-border bg-surface p-6 text-content shadow-xl">
          <Dialog.Title className="text-lg font-semibold">{p.title}</Dialog.Title>
          <Dialog.Description asChild>
            <div className="mt-2 text-sm text-content-muted">{p.description}</div>
          </Dialog.Description>
          {p.children && <div className="mt-4 flex flex-col gap-4">{p.children}</div>}
          {p.typeToConfirm !== undefined && (
            <div className="mt-4 flex flex-col gap-1">
              <label htmlFor="confirm-text" className="text-sm">
                Type <strong className="font-mono">{p.typeToConfirm}</strong> to confirm
              </label>
              <input id="confirm-text" className={inputClass} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
            </div>
          )}
          <div className="mt-6 flex justify-end gap-2">
            <Dialog.Close asChild>
              <Button>Cancel</Button>
            </Dialog.Close>
            <Button
              variant={p.danger ? 'danger' : 'primary'}
              disabled={blocked}
              onClick={() => {
                p.onConfirm();
                p.onOpenChange(false);
              }}
            >
              {p.confirmLabel}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
