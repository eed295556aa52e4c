import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { isNotFound } from '../../api/client';
import { organization } from '../../api/queries/organizations';
import { isOwner } from '../../api/queries/users';
import { SideNavLayout } from '../../components/SideNavLayout';
import { ErrorAlert, Loader } from '../../components/States';
import { useMe } from '../../hooks/useMe';
import { NotFoundPage } from '../NotFoundPage/NotFoundPage';

/** `/organizations/:org/*`: an organization's members and provisioner pages, for owners only (others get the 404 page). */
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
    <SideNavLayout
      label="Organization"
      title={o.display_name || o.name}
      context={o}
      items={[
        { to: `${base}/members`, label: 'Members' },
        { to: `${base}/provisioners`, label: 'Provisioners' },
        { to: `${base}/provisioner-keys`, label: 'Provisioner keys' },
        { to: `${base}/provisioner-jobs`, label: 'Provisioner jobs' },
      ]}
    />
  );
}
