import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { authMethods, hasFirstUser, login, me } from '../../api/queries/users';
import { useDocumentTitle } from '../../components/PageHeader';
import { FullPageLoader } from '../../components/States';
import { LoginPageView } from './LoginPageView';

/** Only paths on this site: `?redirect=https://elsewhere` must not send a user away. */
export function safeRedirect(raw: string | null): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/workspaces';
  return raw;
}

export function LoginPage() {
  useDocumentTitle('Sign in');
  const [params] = useSearchParams();
  const redirect = safeRedirect(params.get('redirect'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const firstUser = useQuery(hasFirstUser());
  const user = useQuery(me());
  const signIn = useMutation(login(queryClient));
  const methods = useQuery(authMethods());

  if (firstUser.data === false) return <Navigate to="/setup" replace />;
  if (user.isSuccess) return <Navigate to={redirect} replace />;
  if (firstUser.isPending || user.isPending) return <FullPageLoader />;
  return (
    <LoginPageView
      isSubmitting={signIn.isPending}
      oidc={methods.data?.oidc.enabled ? { ...methods.data.oidc, redirect } : undefined}
      passwordOwnersOnly={methods.data?.password.enabled === false}
      providerError={params.get('error') ?? undefined}
      error={signIn.error ?? (firstUser.isError ? firstUser.error : undefined)}
      onSubmit={(credentials) => signIn.mutate(credentials, { onSuccess: () => navigate(redirect, { replace: true }) })}
    />
  );
}
