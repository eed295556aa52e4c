import { createFirstUserRequest, type CreateFirstUserRequest } from '@warren/sdk/users';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { fieldErrors } from '../../api/client';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/States';
import { TextField } from '../../components/forms/TextField';
import { AuthCard } from '../LoginPage/LoginPageView';

export interface SetupPageViewProps {
  onSubmit: (req: CreateFirstUserRequest) => void;
  isSubmitting: boolean;
  error?: unknown;
}

type Field = 'username' | 'email' | 'name' | 'password';

/** Creates the deployment's first user, its owner. */
export function SetupPageView({ onSubmit, isSubmitting, error }: SetupPageViewProps) {
  const [values, setValues] = useState<Record<Field, string>>({ username: '', email: '', name: '', password: '' });
  const [touched, setTouched] = useState<Partial<Record<Field, boolean>>>({});
  const parsed = createFirstUserRequest.safeParse({ ...values, name: values.name || undefined });
  const clientErrors: Partial<Record<Field, string>> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as Field;
      clientErrors[field] ??= issue.message;
    }
  }
  const serverErrors = fieldErrors(error);
  const errorOf = (f: Field) => (touched[f] ? clientErrors[f] : undefined) ?? serverErrors[f];
  const field = (f: Field) => ({
    name: f,
    value: values[f],
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      setValues({ ...values, [f]: e.target.value });
      setTouched({ ...touched, [f]: true });
    },
    error: errorOf(f),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched({ username: true, email: true, name: true, password: true });
    if (parsed.success) onSubmit(parsed.data);
  };

  return (
    <AuthCard title="Welcome to Warren" subtitle="Create the first user. It owns this deployment and can invite others.">
      <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
        {error !== undefined && error !== null && Object.keys(serverErrors).length === 0 && <ErrorAlert error={error} />}
        <TextField label="Username" autoComplete="username" autoFocus {...field('username')} />
        <TextField label="Email" type="email" autoComplete="email" {...field('email')} />
        <TextField label="Full name (optional)" autoComplete="name" {...field('name')} />
        <TextField label="Password" type="password" autoComplete="new-password" {...field('password')} />
        <Button type="submit" variant="primary" busy={isSubmitting}>
          {isSubmitting ? 'Creating…' : 'Create account'}
        </Button>
      </form>
    </AuthCard>
  );
}
