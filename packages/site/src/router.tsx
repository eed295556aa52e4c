import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { RequireAuth } from './components/RequireAuth';
import { RouteError } from './components/RouteError';
import { NotFoundPage } from './pages/NotFoundPage/NotFoundPage';

/** Loads a page's module when its route is first visited, so the first page stays small. */
const page = <M,>(load: () => Promise<M>, pick: (m: M) => ComponentType) => async () => ({ Component: pick(await load()) });

/** The product's map: Coder's paths, so links and habits carry over. */
export const routes: RouteObject[] = [
  { path: '/setup', lazy: page(() => import('./pages/SetupPage/SetupPage'), (m) => m.SetupPage) },
  { path: '/login', lazy: page(() => import('./pages/LoginPage/LoginPage'), (m) => m.LoginPage) },
  {
    element: <RequireAuth />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/workspaces" replace /> },
      { path: '/cli-auth', lazy: page(() => import('./pages/CliAuthPage/CliAuthPage'), (m) => m.CliAuthPage) },
      { path: '/workspaces', lazy: page(() => import('./pages/WorkspacesPage/WorkspacesPage'), (m) => m.WorkspacesPage) },
      { path: '/templates', lazy: page(() => import('./pages/TemplatesPage/TemplatesPage'), (m) => m.TemplatesPage) },
      { path: '/templates/:template', lazy: page(() => import('./pages/TemplatePage/TemplatePage'), (m) => m.TemplatePage) },
      { path: '/templates/:template/workspace', lazy: page(() => import('./pages/CreateWorkspacePage/CreateWorkspacePage'), (m) => m.CreateWorkspacePage) },
      // "/@alice/dev": the page checks the "@" (a route segment cannot mix text and a parameter).
      { path: '/:user/:workspace', lazy: page(() => import('./pages/WorkspacePage/WorkspacePage'), (m) => m.WorkspacePage) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  {
    element: <RequireAuth bare />,
    errorElement: <RouteError />,
    children: [{ path: '/:user/:workspace/terminal', lazy: page(() => import('./pages/TerminalPage/TerminalPage'), (m) => m.TerminalPage) }],
  },
];

export const createRouter = () => createBrowserRouter(routes);
