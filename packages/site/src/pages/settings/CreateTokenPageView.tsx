import { createTokenRequest, type CreateTokenRequest } from '@warren/sdk/apikeys';
import { useId, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Button, buttonClass } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert, Loader } from '../../components/States';
import { inputClass, TextField } from '../../components/forms/TextField';
import { useZodForm } from '../../components/forms/useZodForm';
import { allowedPresets, CUSTOM_LIFETIME, DAY_MS, dateInputValue, daysToNs, DEFAULT_LIFETIME_DAYS, lifetimeUntil } from './tokenLifetime';

export interface CreateTokenPageViewProps {
  /** The deployment's longest token lifetime in nanoseconds; undefined while it loads. */
  maxLifetimeNs?: number;
  configError?: unknown;
  onRetry?: () => void;
  onCreate: (req: CreateTokenRequest) => void;
  pending: boolean;
  error?: unknown;
  /** The new token's secret, shown this once. */
  createdKey?: string;
  now?: number;
}

const present = (e: unknown) => e !== undefined && e !== null;

export function CreateTokenPageView(p: CreateTokenPageViewProps) {
  return (
    <div className="max-w-xl">
      <PageHeader title="Add token" subtitle="A token acts as you from scripts and tools, until it expires or you delete it." />
      {p.createdKey ? (
        <CreatedToken secret={p.createdKey} />
      ) : present(p.configError) ? (
        <ErrorAlert title="The token settings could not be loaded." error={p.configError} onRetry={p.onRetry} />
      ) : p.maxLifetimeNs === undefined ? (
        <Loader label="Loading token settings…" />
      ) : (
        <TokenForm {...p} maxLifetimeNs={p.maxLifetimeNs} />
      )}
    </div>
  );
}

function CreatedToken({ secret }: { secret: string }) {
  return (
    <div className="flex flex-col gap-3" role="region" aria-label="New token">
      <p role="status" className="rounded-md border border-warning/50 bg-warning/10 p-3 text-sm">
        Copy the token now: it is shown this once and cannot be seen again.
      </p>
      <label htmlFor="new-token" className="text-sm font-medium">
        Your new token
      </label>
      <input id="new-token" readOnly value={secret} className={`${inputClass} bg-surface-sunken font-mono`} onFocus={(e) => e.currentTarget.select()} />
      <div className="flex flex-wrap items-center gap-3">
        <CopyButton text={secret} label="Copy token" />
        <Link to="/settings/tokens" className={buttonClass('secondary')}>
          Back to tokens
        </Link>
      </div>
    </div>
  );
}

type Fields = 'name' | 'lifetime' | 'expires';
type Issue = { path: PropertyKey[]; message: string };

function TokenForm(p: CreateTokenPageViewProps & { maxLifetimeNs: number }) {
  const now = p.now ?? Date.now();
  const presets = allowedPresets(p.maxLifetimeNs);
  const initialLifetime = presets.includes(DEFAULT_LIFETIME_DAYS) ? String(DEFAULT_LIFETIME_DAYS) : presets.length ? String(presets[presets.length - 1]) : CUSTOM_LIFETIME;
  const schema = {
    safeParse(input: unknown) {
      const v = input as Record<Fields, string>;
      const issues: Issue[] = [];
      let lifetime = 0;
      if (v.lifetime === CUSTOM_LIFETIME) {
        const r = lifetimeUntil(v.expires, now, p.maxLifetimeNs);
        if ('error' in r) issues.push({ path: ['expires'], message: r.error });
        else lifetime = r.ns;
      } else {
        lifetime = daysToNs(Number(v.lifetime));
      }
      if (!v.name.trim()) issues.push({ path: ['name'], message: 'Enter a name for the token.' });
      const parsed = createTokenRequest.safeParse({ token_name: v.name.trim(), lifetime, scope: 'all' });
      if (!parsed.success) issues.push(...parsed.error.issues);
      return parsed.success && issues.length === 0 ? { success: true as const, data: parsed.data } : { success: false as const, error: { issues } };
    },
  };
  const form = useZodForm<Fields, CreateTokenRequest>({
    schema,
    initial: { name: '', lifetime: initialLifetime, expires: dateInputValue(now + 7 * DAY_MS) },
    toInput: (v) => v,
    serverError: p.error,
    aliases: { token_name: 'name', lifetime: 'lifetime' },
  });
  const lifetimeId = useId();
  const lifetimeError = form.errorOf('lifetime');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const req = form.submit();
    if (req) p.onCreate(req);
  };
  const maxDays = Math.floor(p.maxLifetimeNs / 1_000_000 / DAY_MS);
  return (
    <form className="flex flex-col gap-4" onSubmit={submit} noValidate aria-label="Add token">
      <TextField label="Name" autoComplete="off" autoFocus {...form.field('name')} hint="Letters, digits, hyphens and underscores; unique among your tokens." />
      <div className="flex flex-col gap-1">
        <label htmlFor={lifetimeId} className="text-sm font-medium">
          Lifetime
        </label>
        <select
          id={lifetimeId}
          className={inputClass}
          value={form.values.lifetime}
          onChange={(e) => form.set('lifetime', e.target.value)}
          aria-invalid={lifetimeError ? true : undefined}
          aria-describedby={`${lifetimeId}-hint${lifetimeError ? ` ${lifetimeId}-error` : ''}`}
        >
          {presets.map((d) => (
            <option key={d} value={String(d)}>
              {d} days
            </option>
          ))}
          <option value={CUSTOM_LIFETIME}>Custom…</option>
        </select>
        <p id={`${lifetimeId}-hint`} className="text-xs text-content-muted">
          This deployment allows tokens of up to {maxDays} days.
        </p>
        {lifetimeError && (
          <p id={`${lifetimeId}-error`} className="text-xs text-danger">
            {lifetimeError}
          </p>
        )}
      </div>
      {form.values.lifetime === CUSTOM_LIFETIME && (
        <TextField
          label="Expires on"
          type="date"
          min={dateInputValue(now + DAY_MS)}
          max={dateInputValue(now + p.maxLifetimeNs / 1_000_000)}
          {...form.field('expires')}
        />
      )}
      {present(p.error) && !form.serverHasFieldErrors && <ErrorAlert title="The token could not be created." error={p.error} />}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" busy={p.pending}>
          {p.pending ? 'Creating…' : 'Create token'}
        </Button>
        <Link to="/settings/tokens" className={buttonClass('secondary')}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
