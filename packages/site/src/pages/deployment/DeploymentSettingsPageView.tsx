import type { DeploymentOption } from '@warren/sdk/deployment';
import { useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, Loader } from '../../components/States';
import { Table } from '../../components/Table';
import { inputClass } from '../../components/forms/TextField';

export interface DeploymentSettingsPageViewProps {
  options?: DeploymentOption[];
  error?: unknown;
  onRetry?: () => void;
}

const NS_PER_MS = 1e6;

/** An option's value as people read it: durations in Go's form, lists joined, secrets withheld. */
export function optionValue(o: DeploymentOption): string {
  if (o.annotations?.secret === 'true') return o.value_source === 'default' ? '' : '(set, hidden)';
  const v = o.value;
  if (v === null || v === undefined || v === '') return '';
  if (Array.isArray(v)) return v.join(', ');
  if (o.annotations?.format_duration === 'true' && typeof v === 'number') return goDuration(v / NS_PER_MS);
  return String(v);
}

/** `1h30m0s`-style durations, as the options are written on the command line. */
function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const h = Math.floor(ms / 3600_000);
  const m = Math.floor((ms % 3600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

/** The server's options (read-only): value, where it came from, flag and environment variable. */
export function DeploymentSettingsPageView({ options, error, onRetry }: DeploymentSettingsPageViewProps) {
  const [filter, setFilter] = useState('');
  const shown = (options ?? []).filter((o) => !o.hidden && `${o.name} ${o.flag ?? ''} ${o.env ?? ''} ${o.description ?? ''}`.toLowerCase().includes(filter.trim().toLowerCase()));
  return (
    <>
      <PageHeader title="Settings" subtitle="How this deployment's server was started. Change them with flags or environment variables and restart it." />
      {error ? (
        <ErrorAlert title="The settings could not be loaded." error={error} onRetry={onRetry} />
      ) : !options ? (
        <Loader label="Loading the settings…" />
      ) : (
        <div className="flex flex-col gap-4">
          <label className="flex max-w-sm flex-col gap-1 text-sm font-medium">
            Filter
            <input className={inputClass} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="oidc, tls, CODER_ACCESS_URL…" />
          </label>
          <Table caption="Server options" columns={['Option', 'Value', 'Set by']}>
            <tbody>
              {shown.map((o) => (
                <tr key={o.name} data-option={o.flag} className="border-t border-border align-top">
                  <td className="px-4 py-2">
                    <div className="font-medium">{o.name}</div>
                    <div className="font-mono text-xs text-content-muted">
                      {o.flag && `--${o.flag}`}
                      {o.env && ` · ${o.env}`}
                    </div>
                    {o.description && <p className="mt-1 max-w-prose text-xs text-content-muted">{o.description}</p>}
                  </td>
                  <td className="px-4 py-2 font-mono text-xs">{optionValue(o) || <span className="text-content-muted">unset</span>}</td>
                  <td className="px-4 py-2 text-xs text-content-muted">{o.value_source === 'default' ? 'default' : o.value_source || 'flag or environment'}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </>
  );
}
