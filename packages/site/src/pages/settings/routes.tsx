import { Navigate, type RouteObject } from 'react-router';
import { lazyPage } from '../../lazy-page';

/** The signed-in routes of this area (/settings/account, /settings/tokens, /settings/external-auth). */
export const settingsRoutes: RouteObject[] = [
  {
    path: '/settings',
    lazy: lazyPage(() => import('./SettingsLayout'), (m) => m.SettingsLayout),
    children: [
      { index: true, element: <Navigate to="/settings/account" replace /> },
      { path: 'account', lazy: lazyPage(() => import('./AccountPage'), (m) => m.AccountPage) },
      { path: 'tokens', lazy: lazyPage(() => import('./TokensPage'), (m) => m.TokensPage) },
      { path: 'tokens/new', lazy: lazyPage(() => import('./CreateTokenPage'), (m) => m.CreateTokenPage) },
      { path: 'external-auth', lazy: lazyPage(() => import('./ExternalAuthSettingsPage'), (m) => m.ExternalAuthSettingsPage) },
    ],
  },
];
