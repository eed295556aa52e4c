import { Navigate, type RouteObject } from 'react-router';
import { lazyPage } from '../../lazy-page';

/** The signed-in routes of this area (/deployment/users, /deployment/settings, and /health as Coder has it), for owners. */
export const deploymentRoutes: RouteObject[] = [
  {
    path: '/deployment',
    lazy: lazyPage(() => import('./DeploymentLayout'), (m) => m.DeploymentLayout),
    children: [
      { index: true, element: <Navigate to="/deployment/users" replace /> },
      { path: 'users', lazy: lazyPage(() => import('./UsersPage'), (m) => m.UsersPage) },
      { path: 'users/create', lazy: lazyPage(() => import('./CreateUserPage'), (m) => m.CreateUserPage) },
      { path: 'settings', lazy: lazyPage(() => import('./DeploymentSettingsPage'), (m) => m.DeploymentSettingsPage) },
    ],
  },
  {
    path: '/health',
    lazy: lazyPage(() => import('./DeploymentLayout'), (m) => m.DeploymentLayout),
    children: [{ index: true, lazy: lazyPage(() => import('../HealthPage/HealthPage'), (m) => m.HealthPage) }],
  },
];
