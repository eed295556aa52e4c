import type { RouteObject } from 'react-router';
// Pages load lazily through lazyPage ('../../lazy-page') so the first page stays small.

/** The signed-in routes of this area (/deployment/users). */
export const deploymentRoutes: RouteObject[] = [];
