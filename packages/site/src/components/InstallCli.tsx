import { CopyButton } from './CopyButton';

/** How to install this deployment's `coder` binary (served at /install.sh and /bin/) and log in with it. */
export function InstallCli() {
  const origin = window.location.origin;
  const install = `curl -fsSL ${origin}/install.sh | sh`;
  const login = `coder login ${origin}`;
  return (
    <section aria-labelledby="install-cli" className="flex flex-col gap-2 rounded-md border border-border p-4">
      <h2 id="install-cli" className="text-base font-semibold">
        Install the CLI
      </h2>
      <p className="text-sm text-content-muted">
        One file, the same as the workspace agent: installed into <code className="font-mono">~/.local/bin</code> as <code className="font-mono">coder</code> (also{' '}
        <code className="font-mono">warren</code>). Other platforms and direct downloads:{' '}
        <a href="/bin/" className="underline">
          {origin}/bin/
        </a>
        .
      </p>
      {[install, login].map((command) => (
        <div key={command} className="flex flex-wrap items-center gap-2">
          <code className="flex-1 rounded-md bg-surface-sunken px-3 py-2 font-mono text-sm">{command}</code>
          <CopyButton text={command} label="Copy" variant="secondary" />
        </div>
      ))}
    </section>
  );
}
