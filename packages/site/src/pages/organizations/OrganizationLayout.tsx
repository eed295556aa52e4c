import { useQuery } from '@tanstack/react-query';
import { NavLink, Outlet, useParams } from 'react-router';
import { isNotFound } from '../../api/client';
import { organization } from '../../api/queries/organizations';
import { isOwner } from '../../api/queries/users';
import { ErrorAlert, Loader } from '../../components/States';
import { useMe } from '../../hooks/useMe';
import { NotFoundPage } from '../NotFoundPage/NotFoundPage';

const sideClass = ({ isActive }: { isActive: boolean }) =>
  `block rounded-md px-3 py-1.5 text-sm ${isActive ? 'bg-surface-sunken font-medium text-content' : 'text-content-muted hover:text-content'}`;

/** `/organizations/:org/*`: an organization's provisioner pages, for owners only (others get the 404 page). */
export function OrganizationLayout() {
  const { org = '' } = useParams();
  const owner = isOwner(useMe());
  const current = useQuery({ ...organization(org), enabled: owner });
  if (!owner) return <NotFoundPage />;
  if (current.isError) {
    if (isNotFound(current.error)) return <NotFoundPage />;
    return <ErrorAlert title="The organization could not be loaded." error={current.error} onRetry={() => void current.refetch()} />;
  }
  if (!current.data) return <Loader label="Loading the organization…" />;
  const o = current.data;
  const base = `/organizations/${encodeURIComponent(o.name)}`;
  return (
    <div className="flex flex-col gap-8 md:flex-row">
      <aside className="md:w-56 md:shrink-0">
        <p className="mb-2 px-3 text-xs font-semibold uppercase tracking-wide text-content-muted">Organization</p>
        <p className="mb-4 px-3 font-semibold">{o.display_name || o.name}</p>
        <nav aria-label="Organization">
          <ul className="flex flex-col gap-1">
            <li>
              <NavLink to={`${base}/provisioners`} className={sideClass}>Provisioners</NavLink>
            </li>
            <li>
              <NavLink to={`${base}/provisioner-keys`} className={sideClass}>Provisioner keys</NavLink>
            </li>
            <li>
              <NavLink to={`${base}/provisioner-jobs`} className={sideClass}>Provisioner jobs</NavLink>
            </li>
          </ul>
        </nav>
      </aside>
      <div className="min-w-0 flex-1">
        <Outlet context={o} />
      </div>
    </div>
  );
}
