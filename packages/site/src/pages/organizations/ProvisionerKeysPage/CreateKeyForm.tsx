import * as Dialog from '@radix-ui/react-dialog';
import type { CreateProvisionerKeyRequest } from '@warren/sdk/provisioners';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../../api/client';
import { CopyButton } from '../../../components/CopyButton';
import { Button } from '../../../components/Button';
import { inputClass, TextField } from '../../../components/forms/TextField';
import { ErrorAlert } from '../../../components/States';
import { keyNameProblem, tagRowProblems, tagsOf, type TagRow } from './key-form';

/** Name and tags of a new key, checked as the user types. */
export function CreateKeyForm({ onSubmit, onCancel, busy, error }: { onSubmit: (req: CreateProvisionerKeyRequest) => void; onCancel: () => void; busy: boolean; error?: unknown }) {
  const [name, setName] = useState('');
  const [rows, setRows] = useState<TagRow[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const nameProblem = keyNameProblem(name);
  const rowProblems = tagRowProblems(rows);
  const server = fieldErrors(error);
  const shownName = ((submitted || name !== '') && nameProblem) || server.name;
  const setRow = (i: number, change: Partial<TagRow>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (nameProblem || Object.keys(rowProblems).length > 0) return;
    onSubmit({ name: name.trim(), ...(rows.length > 0 ? { tags: tagsOf(rows) } : {}) });
  };
  return (
    <form onSubmit={submit} noValidate className="mt-4 flex flex-col gap-4" aria-label="Create a provisioner key">
      <Dialog.Description className="text-sm text-content-muted">
        Daemons started with this key run jobs whose tags they match. With no tags, they run untagged jobs.
      </Dialog.Description>
      {error !== undefined && error !== null && <ErrorAlert title="The key could not be created." error={error} />}
      <TextField label="Key name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={shownName || undefined} autoComplete="off" hint="Letters and digits, with single - or _ between them." />
      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium">Tags</legend>
        {rows.length === 0 && <p className="text-xs text-content-muted">No tags: the key’s daemons run untagged jobs.</p>}
        {rows.map((r, i) => (
          <div key={i} className="flex flex-col gap-1">
            <div className="flex items-center gap-2">
              <input aria-label={`Tag ${i + 1} key`} placeholder="key" className={inputClass} value={r.key} onChange={(e) => setRow(i, { key: e.target.value })} aria-invalid={submitted && rowProblems[i] ? true : undefined} autoComplete="off" />
              <span aria-hidden="true">=</span>
              <input aria-label={`Tag ${i + 1} value`} placeholder="value" className={inputClass} value={r.value} onChange={(e) => setRow(i, { value: e.target.value })} autoComplete="off" />
              <Button variant="ghost" aria-label={`Remove tag ${i + 1}`} onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>
                ✕
              </Button>
            </div>
            {submitted && rowProblems[i] && (
              <p className="text-xs text-danger" role="alert">
                {rowProblems[i]}
              </p>
            )}
          </div>
        ))}
        <div>
          <Button onClick={() => setRows((rs) => [...rs, { key: '', value: '' }])}>Add tag</Button>
        </div>
      </fieldset>
      <div className="flex justify-end gap-2 border-t border-border pt-4">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" busy={busy}>
          {busy ? 'Creating…' : 'Create key'}
        </Button>
      </div>
    </form>
  );
}

/** The new key's secret, which the server never shows again. */
export function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <div className="mt-4 flex flex-col gap-3">
      <Dialog.Description className="text-sm text-content-muted">
        Save this key now: it is not shown again. Start a daemon with it as <code className="font-mono">CODER_PROVISIONER_DAEMON_KEY</code>.
      </Dialog.Description>
      <label htmlFor="provisioner-key-secret" className="text-sm font-medium">
        Provisioner key secret
      </label>
      <input id="provisioner-key-secret" readOnly value={secret} className="w-full rounded-md border border-border bg-surface-sunken px-3 py-2 font-mono text-sm" onFocus={(e) => e.currentTarget.select()} />
      <div className="flex justify-between gap-2">
        <CopyButton text={secret} label="Copy key" variant="secondary" />
        <Button variant="primary" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}
