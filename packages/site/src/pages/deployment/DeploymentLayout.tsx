import { isOwner } from '../../api/queries/users';
import { SideNavLayout } from '../../components/SideNavLayout';
import { useMe } from '../../hooks/useMe';
import { NotFoundPage } from '../NotFoundPage/NotFoundPage';

/** The deployment's administration, for owners; anyone else meets the page that does not exist. */
export function DeploymentLayout() {
  const me = useMe();
  if (!isOwner(me)) return <NotFoundPage />;
  return (
    <SideNavLayout
      label="Deployment"
      items={[
        { to: '/deployment/users', label: 'Users' },
        { to: '/deployment/settings', label: 'Settings' },
        { to: '/health', label: 'Health' },
      ]}
    />
  );
}
