import type { RouteObject } from 'react-router';
// Pages load lazily through lazyPage ('../../lazy-page') so the first page stays small.

/** The signed-in routes of this area (/organizations/:org/provisioners, keys and jobs). */
export const organizationRoutes: RouteObject[] = [];
