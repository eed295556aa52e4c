import { createUserRequest, type CreateUserRequest } from '@warren/sdk/users';
import { useId, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Button, buttonClass } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/States';
import { inputClass, TextField } from '../../components/forms/TextField';
import { usePasswordStrength, type PasswordCheck } from '../../components/forms/usePasswordStrength';
import { useZodForm } from '../../components/forms/useZodForm';

export interface CreateUserPageViewProps {
  onCreate: (req: CreateUserRequest) => void;
  pending: boolean;
  error?: unknown;
  /** Asks the server whether a password is strong enough, as it is typed. */
  checkPassword?: PasswordCheck;
  /** The deployment signs in with OpenID Connect, so accounts may be made for it. */
  oidcEnabled?: boolean;
}

const LOGIN_TYPES = [
  { value: 'password', label: 'Password', hint: 'The user signs in with this email or username and password.' },
  { value: 'none', label: 'None', hint: 'The user cannot sign in; tokens made for them by an owner still work (for service accounts).' },
  { value: 'oidc', label: 'OpenID Connect', hint: "The user signs in with the deployment's identity provider, which must report this email." },
] as const;

type Fields = 'username' | 'email' | 'name' | 'login_type' | 'password';
type Issue = { path: PropertyKey[]; message: string };

/** The sdk's rule, and a password when the user will sign in with one. */
const newUser = {
  safeParse(input: unknown) {
    const v = input as Record<Fields, string>;
    const issues: Issue[] = [];
    if (v.login_type === 'password' && !v.password) issues.push({ path: ['password'], message: 'Enter a password for the user.' });
    const parsed = createUserRequest.safeParse({
      username: v.username.trim(),
      email: v.email.trim(),
      ...(v.name.trim() ? { name: v.name.trim() } : {}),
      login_type: v.login_type,
      ...(v.login_type === 'password' ? { password: v.password } : {}),
    });
    if (!parsed.success) issues.push(...parsed.error.issues);
    return parsed.success && issues.length === 0 ? { success: true as const, data: parsed.data } : { success: false as const, error: { issues } };
  },
};

export function CreateUserPageView({ onCreate, pending, error, checkPassword, oidcEnabled = false }: CreateUserPageViewProps) {
  const loginTypes = LOGIN_TYPES.filter((t) => t.value !== 'oidc' || oidcEnabled);
  const form = useZodForm<Fields, CreateUserRequest>({
    schema: newUser,
    initial: { username: '', email: '', name: '', login_type: 'password', password: '' },
    toInput: (v) => v,
    serverError: error,
  });
  const weakness = usePasswordStrength(form.values.login_type === 'password' ? form.values.password : '', checkPassword);
  const loginId = useId();
  const loginType = loginTypes.find((t) => t.value === form.values.login_type) ?? LOGIN_TYPES[0];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const req = form.submit();
    if (req) onCreate(req);
  };
  return (
    <div className="max-w-xl">
      <PageHeader title="Create user" subtitle="The user joins the default organization as a member." />
      <form className="flex flex-col gap-4" onSubmit={submit} noValidate aria-label="Create user">
        <TextField label="Username" autoComplete="off" autoFocus {...form.field('username')} />
        <TextField label="Email" type="email" autoComplete="off" {...form.field('email')} />
        <TextField label="Full name (optional)" autoComplete="off" {...form.field('name')} />
        <div className="flex flex-col gap-1">
          <label htmlFor={loginId} className="text-sm font-medium">
            Login type
          </label>
          <select id={loginId} className={inputClass} value={form.values.login_type} onChange={(e) => form.set('login_type', e.target.value)} aria-describedby={`${loginId}-hint`}>
            {loginTypes.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
          <p id={`${loginId}-hint`} className="text-xs text-content-muted">
            {loginType.hint}
          </p>
        </div>
        {form.values.login_type === 'password' && <TextField label="Password" type="password" autoComplete="new-password" {...form.field('password')} error={form.errorOf('password') ?? weakness} />}
        {error !== undefined && error !== null && !form.serverHasFieldErrors && <ErrorAlert title="The user could not be created." error={error} />}
        <div className="flex gap-2">
          <Button type="submit" variant="primary" busy={pending}>
            {pending ? 'Creating…' : 'Create user'}
          </Button>
          <Link to="/deployment/users" className={buttonClass('secondary')}>
            Cancel
          </Link>
        </div>
      </form>
    </div>
  );
}
