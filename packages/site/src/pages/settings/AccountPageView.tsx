import type { UpdateUserPasswordRequest, UpdateUserProfileRequest } from '@warren/sdk/user-settings';
import { updateUserPasswordRequest, updateUserProfileRequest } from '@warren/sdk/user-settings';
import type { User } from '@warren/sdk/users';
import type { FormEvent, ReactNode } from 'react';
import { Link } from 'react-router';
import { Button, buttonClass } from '../../components/Button';
import { FormSection } from '../../components/FormSection';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/States';
import { TextField } from '../../components/forms/TextField';
import { usePasswordStrength, type PasswordCheck } from '../../components/forms/usePasswordStrength';
import { useZodForm } from '../../components/forms/useZodForm';
import { SingleSignOnSection, type SingleSignOnProps } from './SingleSignOnSection';

export interface MutationState {
  pending: boolean;
  error?: unknown;
  done: boolean;
}

export interface AccountPageViewProps {
  user: User;
  profile: MutationState;
  onSaveProfile: (req: UpdateUserProfileRequest) => void;
  password: MutationState;
  onChangePassword: (req: UpdateUserPasswordRequest) => void;
  /** Asks the server whether a new password is strong enough, as it is typed. */
  checkPassword?: PasswordCheck;
  /** Offered to password accounts when the deployment signs in with OpenID Connect. */
  singleSignOn?: SingleSignOnProps;
}

/** The user's name, username and email, and their password. */
export function AccountPageView(p: AccountPageViewProps) {
  return (
    <>
      <PageHeader title="Account" subtitle="Your name, username and password." />
      <div className="flex max-w-xl flex-col gap-10">
        <ProfileForm {...p} />
        {p.user.login_type === 'password' ? (
          <>
            <PasswordForm {...p} />
            {p.singleSignOn && <SingleSignOnSection {...p.singleSignOn} />}
          </>
        ) : (
          <FormSection title="Password">
            <p className="text-sm text-content-muted">You sign in with {p.user.login_type}, so there is no password to change here.</p>
          </FormSection>
        )}
      </div>
    </>
  );
}

function Banner({ state, done }: { state: MutationState; done: ReactNode }) {
  if (state.done) {
    return (
      <p role="status" className="rounded-md border border-success/50 bg-success/10 p-3 text-sm">
        {done}
      </p>
    );
  }
  return null;
}

function ProfileForm({ user, profile, onSaveProfile }: AccountPageViewProps) {
  const form = useZodForm({
    schema: updateUserProfileRequest,
    initial: { username: user.username, name: user.name },
    toInput: (v) => ({ username: v.username.trim(), name: v.name }),
    serverError: profile.error,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const req = form.submit();
    if (req) onSaveProfile(req);
  };
  return (
    <FormSection title="Profile">
      <form className="flex flex-col gap-4" onSubmit={submit} noValidate aria-label="Profile">
        <TextField label="Email" type="email" value={user.email} readOnly disabled hint="Your email address cannot be changed here." />
        <TextField label="Username" autoComplete="username" {...form.field('username')} />
        <TextField label="Name" autoComplete="name" {...form.field('name')} hint="Shown beside your username; optional." />
        {profile.error !== undefined && profile.error !== null && !form.serverHasFieldErrors && (
          <ErrorAlert title="Your profile could not be saved." error={profile.error} />
        )}
        <Banner state={profile} done="Your profile was saved." />
        <div>
          <Button type="submit" variant="primary" busy={profile.pending}>
            {profile.pending ? 'Saving…' : 'Save profile'}
          </Button>
        </div>
      </form>
    </FormSection>
  );
}

type PasswordInput = { old_password: string; password: string; confirm_password: string };
type Issue = { path: PropertyKey[]; message: string };

/** The sdk's request rule, plus what only the form knows: the current password and the repeat. */
const passwordChange = {
  safeParse(input: unknown) {
    const v = input as PasswordInput;
    const issues: Issue[] = [];
    if (!v.old_password) issues.push({ path: ['old_password'], message: 'Enter your current password.' });
    const parsed = updateUserPasswordRequest.safeParse({ old_password: v.old_password, password: v.password });
    if (!parsed.success) issues.push(...parsed.error.issues);
    if (v.confirm_password !== v.password) issues.push({ path: ['confirm_password'], message: 'The passwords do not match.' });
    return parsed.success && issues.length === 0
      ? { success: true as const, data: parsed.data }
      : { success: false as const, error: { issues } };
  },
};

function PasswordForm({ password, onChangePassword, checkPassword }: AccountPageViewProps) {
  const form = useZodForm({
    schema: passwordChange,
    initial: { old_password: '', password: '', confirm_password: '' },
    toInput: (v) => v,
    serverError: password.error,
  });
  const weakness = usePasswordStrength(form.values.password, checkPassword);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const req = form.submit();
    if (req) onChangePassword(req);
  };
  if (password.done) {
    return (
      <FormSection title="Password">
        <div role="status" className="flex flex-col gap-3 rounded-md border border-success/50 bg-success/10 p-4 text-sm">
          <p>Your password was changed. Every session and token you had has ended, so sign in again with the new password.</p>
          <div>
            <Link to="/login?redirect=%2Fsettings%2Faccount" className={buttonClass('primary')} reloadDocument>
              Sign in again
            </Link>
          </div>
        </div>
      </FormSection>
    );
  }
  return (
    <FormSection title="Password">
      <form className="flex flex-col gap-4" onSubmit={submit} noValidate aria-label="Change password">
        <TextField label="Current password" type="password" autoComplete="current-password" {...form.field('old_password')} />
        <TextField label="New password" type="password" autoComplete="new-password" {...form.field('password')} error={form.errorOf('password') ?? weakness} />
        <TextField label="Confirm new password" type="password" autoComplete="new-password" {...form.field('confirm_password')} />
        <p className="text-xs text-content-muted">Changing it signs you out everywhere and ends your API tokens.</p>
        {password.error !== undefined && password.error !== null && !form.serverHasFieldErrors && (
          <ErrorAlert title="Your password could not be changed." error={password.error} />
        )}
        <div>
          <Button type="submit" variant="primary" busy={password.pending}>
            {password.pending ? 'Changing…' : 'Change password'}
          </Button>
        </div>
      </form>
    </FormSection>
  );
}
