import { useQuery } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation } from 'react-router';
import { isUnauthorized } from '../api/client';
import { me } from '../api/queries/users';
import { AppLayout } from './AppLayout';
import { ErrorAlert, FullPageLoader } from './States';

/** Pages behind a session: without one, the user is sent to /login and brought back after. `bare` pages (the terminal) fill the window without the shell. */
export function RequireAuth({ bare = false }: { bare?: boolean }) {
  const location = useLocation();
  const user = useQuery(me());
  if (user.isPending) return <FullPageLoader />;
  if (user.isError) {
    if (isUnauthorized(user.error)) {
      const redirect = `${location.pathname}${location.search}`;
      return <Navigate to={`/login?redirect=${encodeURIComponent(redirect)}`} replace />;
    }
    return (
      <div className="mx-auto max-w-lg p-8">
        <ErrorAlert title="Warren could not be reached." error={user.error} onRetry={() => void user.refetch()} />
      </div>
    );
  }
  return bare ? <Outlet /> : <AppLayout user={user.data} />;
}
