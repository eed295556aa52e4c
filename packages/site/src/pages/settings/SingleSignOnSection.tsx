import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { FormSection } from '../../components/FormSection';
import { ErrorAlert } from '../../components/States';
import { TextField } from '../../components/forms/TextField';

export interface SingleSignOnProps {
  /** The deployment's name for its OpenID Connect provider (`--oidc-sign-in-text`). */
  signInText: string;
  pending: boolean;
  error?: unknown;
  /** Starts the conversion with the current password; the page then goes to the provider. */
  onConvert: (password: string) => void;
}

/** For a password account on a deployment with OpenID Connect: moving the account to it, as Coder offers. */
export function SingleSignOnSection({ signInText, pending, error, onConvert }: SingleSignOnProps) {
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMissing(password === '');
    if (password !== '') onConvert(password);
  };
  return (
    <FormSection title="Single sign-on">
      <form className="flex flex-col gap-4" onSubmit={submit} noValidate aria-label="Single sign-on">
        <p className="text-sm text-content-muted">
          You sign in with a password. You can sign in with {signInText} instead: confirm with your password, then sign in at the provider with the same email
          address. Your password stops working, and your other password sessions end.
        </p>
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={missing ? 'Enter your current password.' : undefined}
        />
        {error !== undefined && error !== null && <ErrorAlert title="The account could not be switched." error={error} />}
        <div>
          <Button type="submit" variant="primary" busy={pending}>
            {pending ? 'Switching…' : `Use ${signInText}`}
          </Button>
        </div>
      </form>
    </FormSection>
  );
}
