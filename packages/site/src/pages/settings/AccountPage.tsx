import { useMutation, useQueryClient } from '@tanstack/react-query';
import { client } from '../../api/client';
import { updatePassword, updateProfile } from '../../api/queries/users';
import { useMe } from '../../hooks/useMe';
import { AccountPageView } from './AccountPageView';

export function AccountPage() {
  const user = useMe();
  const queryClient = useQueryClient();
  const profile = useMutation(updateProfile(queryClient));
  const password = useMutation(updatePassword());
  return (
    <AccountPageView
      // A new form when another user signs in, so no field keeps the previous one's text.
      key={user.id}
      user={user}
      profile={{ pending: profile.isPending, error: profile.error ?? undefined, done: profile.isSuccess }}
      onSaveProfile={(req) => profile.mutate(req)}
      password={{ pending: password.isPending, error: password.error ?? undefined, done: password.isSuccess }}
      onChangePassword={(req) => password.mutate(req)}
      checkPassword={client.validatePassword}
    />
  );
}
