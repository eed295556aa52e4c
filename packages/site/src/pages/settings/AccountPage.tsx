import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../../api/client';
import { authMethods, updatePassword, updateProfile } from '../../api/queries/users';
import { useMe } from '../../hooks/useMe';
import { AccountPageView } from './AccountPageView';

export function AccountPage() {
  const user = useMe();
  const queryClient = useQueryClient();
  const profile = useMutation(updateProfile(queryClient));
  const password = useMutation(updatePassword());
  const methods = useQuery(authMethods());
  // The state ties the provider's sign-in to this account; the server converts it when the sign-in comes back.
  const convert = useMutation({
    mutationFn: (current: string) => client.convertLogin('me', { to_type: 'oidc', password: current }),
    onSuccess: ({ state_string }) =>
      window.location.assign(`/api/v2/users/oidc/callback?${new URLSearchParams({ oidc_merge_state: state_string, redirect: '/settings/account' })}`),
  });
  const oidc = methods.data?.oidc;
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
      singleSignOn={
        oidc?.enabled
          ? { signInText: oidc.signInText || 'OpenID Connect', pending: convert.isPending || convert.isSuccess, error: convert.error ?? undefined, onConvert: (p) => convert.mutate(p) }
          : undefined
      }
    />
  );
}
