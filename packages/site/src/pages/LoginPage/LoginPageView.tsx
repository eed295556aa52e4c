import { OIDC_SIGN_IN_PATH } from '@warren/sdk/users';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Button, buttonClass } from '../../components/Button';
import { ErrorAlert } from '../../components/States';
import { TextField } from '../../components/forms/TextField';

export interface LoginPageViewProps {
  onSubmit: (credentials: { email: string; password: string }) => void;
  isSubmitting: boolean;
  error?: unknown;
  /** Signing in with OpenID Connect, when the deployment offers it. */
  oidc?: { signInText: string; iconUrl: string; redirect: string };
  /** Only owners may use the password form (`--disable-password-auth`). */
  passwordOwnersOnly?: boolean;
  /** Why a sign-in through the identity provider was refused (the server sends the browser back with it). */
  providerError?: string;
}

/** Sign in with an email (or username) and password. */
export function LoginPageView({ onSubmit, isSubmitting, error, oidc, passwordOwnersOnly, providerError }: LoginPageViewProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  const missing = { email: email.trim() === '', password: password === '' };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (missing.email || missing.password) return;
    onSubmit({ email: email.trim(), password });
  };

  return (
    <AuthCard title="Sign in to Warren">
      {providerError && (
        <div className="mb-4">
          <ErrorAlert title="Signing in with your identity provider failed." error={new Error(providerError)} />
        </div>
      )}
      {oidc && (
        <>
          {/* A full navigation: the server sends the browser on to the provider. */}
          <a href={`${OIDC_SIGN_IN_PATH}?redirect=${encodeURIComponent(oidc.redirect)}`} className={buttonClass('secondary', 'w-full')}>
            {oidc.iconUrl && <img src={oidc.iconUrl} alt="" className="size-4" />}
            Sign in with {oidc.signInText || 'OpenID Connect'}
          </a>
          <p className="my-4 text-center text-xs text-content-muted">or with your password</p>
        </>
      )}
      <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
        {error !== undefined && error !== null && <ErrorAlert error={error} />}
        {passwordOwnersOnly && <p className="text-sm text-content-muted">Only owners sign in with a password on this deployment.</p>}
        <TextField
          label="Email or username"
          name="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={touched && missing.email ? 'Enter your email or username.' : undefined}
          autoFocus
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={touched && missing.password ? 'Enter your password.' : undefined}
        />
        <Button type="submit" variant="primary" busy={isSubmitting}>
          {isSubmitting ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </AuthCard>
  );
}

/** The centred card of the sign-in and setup pages. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  return (
    <main className="flex min-h-full items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-border bg-surface-raised p-8 shadow-sm">
        <img src="/favicon.svg" alt="" className="mb-4 size-10" />
        <h1 className="text-xl font-semibold">{title}</h1>
        {subtitle && <p className="mt-1 text-sm text-content-muted">{subtitle}</p>}
        <div className="mt-6">{children}</div>
      </div>
    </main>
  );
}
