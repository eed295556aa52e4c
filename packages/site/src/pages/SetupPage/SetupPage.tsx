import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate } from 'react-router';
import { createFirstUser, hasFirstUser } from '../../api/queries/users';
import { useDocumentTitle } from '../../components/PageHeader';
import { ErrorAlert, FullPageLoader } from '../../components/States';
import { SetupPageView } from './SetupPageView';

/** Open only while the deployment has no user; afterwards it sends people to sign in. */
export function SetupPage() {
  useDocumentTitle('Set up');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const firstUser = useQuery(hasFirstUser());
  const create = useMutation(createFirstUser(queryClient));

  if (firstUser.isPending) return <FullPageLoader />;
  if (firstUser.isError) {
    return (
      <div className="mx-auto max-w-lg p-8">
        <ErrorAlert error={firstUser.error} onRetry={() => void firstUser.refetch()} />
      </div>
    );
  }
  if (firstUser.data && !create.isSuccess && !create.isPending) return <Navigate to="/login" replace />;
  return (
    <SetupPageView
      isSubmitting={create.isPending}
      error={create.error}
      onSubmit={(req) => create.mutate(req, { onSuccess: () => navigate('/templates', { replace: true }) })}
    />
  );
}
