import { Navigate, type RouteObject } from 'react-router';
import { lazyPage } from '../../lazy-page';

/** The signed-in routes of this area (/organizations/:org/members, provisioners, keys and jobs). */
export const organizationRoutes: RouteObject[] = [
  {
    path: '/organizations/:org',
    lazy: lazyPage(() => import('./OrganizationLayout'), (m) => m.OrganizationLayout),
    children: [
      { index: true, element: <Navigate to="provisioners" replace /> },
      { path: 'members', lazy: lazyPage(() => import('./MembersPage/MembersPage'), (m) => m.MembersPage) },
      { path: 'provisioners', lazy: lazyPage(() => import('./ProvisionersPage/ProvisionersPage'), (m) => m.ProvisionersPage) },
      { path: 'provisioner-keys', lazy: lazyPage(() => import('./ProvisionerKeysPage/ProvisionerKeysPage'), (m) => m.ProvisionerKeysPage) },
      { path: 'provisioner-jobs', lazy: lazyPage(() => import('./ProvisionerJobsPage/ProvisionerJobsPage'), (m) => m.ProvisionerJobsPage) },
    ],
  },
];
