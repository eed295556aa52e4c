import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { client } from '../../api/client';
import { CopyButton } from '../../components/CopyButton';
import { InstallCli } from '../../components/InstallCli';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, Loader } from '../../components/States';

/** A fresh session token for `coder login`, which prints this page's address when it needs one, and how to install the CLI. */
export function CliAuthPage() {
  const create = useMutation({ mutationFn: () => client.request<{ key: string }>('POST', '/api/v2/users/me/keys') });
  const { mutate } = create;
  const asked = useRef(false);
  useEffect(() => {
    // Once per visit, even where effects run twice.
    if (asked.current) return;
    asked.current = true;
    mutate();
  }, [mutate]);

  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title="Session token" subtitle="Copy this token and paste it into the terminal where coder login asks for it." />
      {create.isError ? (
        <ErrorAlert title="A token could not be created." error={create.error} onRetry={() => mutate()} />
      ) : !create.data ? (
        <Loader label="Creating a token…" />
      ) : (
        <div className="flex flex-col gap-3">
          <label htmlFor="cli-token" className="text-sm font-medium">
            Your session token
          </label>
          <input id="cli-token" readOnly value={create.data.key} className="w-full rounded-md border border-border bg-surface-sunken px-3 py-2 font-mono text-sm" onFocus={(e) => e.currentTarget.select()} />
          <div>
            <CopyButton text={create.data.key} label="Copy token" />
          </div>
          <p className="text-sm text-content-muted">It is shown once. It works like signing in, so keep it secret.</p>
        </div>
      )}
      <div className="mt-6">
        <InstallCli />
      </div>
    </div>
  );
}
