import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { RequireAuth } from './components/RequireAuth';
import { RouteError } from './components/RouteError';
import { lazyPage } from './lazy-page';
import { deploymentRoutes } from './pages/deployment/routes';
import { NotFoundPage } from './pages/NotFoundPage/NotFoundPage';
import { organizationRoutes } from './pages/organizations/routes';
import { settingsRoutes } from './pages/settings/routes';

/** The product's map: Coder's paths, so links and habits carry over. */
export const routes: RouteObject[] = [
  { path: '/setup', lazy: lazyPage(() => import('./pages/SetupPage/SetupPage'), (m) => m.SetupPage) },
  { path: '/login', lazy: lazyPage(() => import('./pages/LoginPage/LoginPage'), (m) => m.LoginPage) },
  {
    element: <RequireAuth />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/workspaces" replace /> },
      { path: '/cli-auth', lazy: lazyPage(() => import('./pages/CliAuthPage/CliAuthPage'), (m) => m.CliAuthPage) },
      { path: '/workspaces', lazy: lazyPage(() => import('./pages/WorkspacesPage/WorkspacesPage'), (m) => m.WorkspacesPage) },
      { path: '/templates', lazy: lazyPage(() => import('./pages/TemplatesPage/TemplatesPage'), (m) => m.TemplatesPage) },
      { path: '/templates/:template', lazy: lazyPage(() => import('./pages/TemplatePage/TemplatePage'), (m) => m.TemplatePage) },
      { path: '/starter-templates', lazy: lazyPage(() => import('./pages/StarterTemplatesPage/StarterTemplatesPage'), (m) => m.StarterTemplatesPage) },
      { path: '/templates/new', lazy: lazyPage(() => import('./pages/CreateTemplatePage/CreateTemplatePage'), (m) => m.CreateTemplatePage) },
      { path: '/templates/:template/settings', lazy: lazyPage(() => import('./pages/TemplateSettingsPage/TemplateSettingsPage'), (m) => m.TemplateSettingsPage) },
      { path: '/templates/:template/workspace', lazy: lazyPage(() => import('./pages/CreateWorkspacePage/CreateWorkspacePage'), (m) => m.CreateWorkspacePage) },
      // "/@alice/dev": the page checks the "@" (a route segment cannot mix text and a parameter).
      { path: '/:user/:workspace', lazy: lazyPage(() => import('./pages/WorkspacePage/WorkspacePage'), (m) => m.WorkspacePage) },
      ...settingsRoutes,
      ...deploymentRoutes,
      ...organizationRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  {
    element: <RequireAuth bare />,
    errorElement: <RouteError />,
    children: [
      { path: '/:user/:workspace/terminal', lazy: lazyPage(() => import('./pages/TerminalPage/TerminalPage'), (m) => m.TerminalPage) },
      // Often a popup (the create-workspace page opens it), so a card without the shell, as sign-in is.
      { path: '/external-auth/:provider', lazy: lazyPage(() => import('./pages/ExternalAuthPage/ExternalAuthPage'), (m) => m.ExternalAuthPage) },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
