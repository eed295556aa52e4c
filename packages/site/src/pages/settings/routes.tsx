import type { RouteObject } from 'react-router';
// Pages load lazily through lazyPage ('../../lazy-page') so the first page stays small.

/** The signed-in routes of this area (/settings/account, /settings/tokens). */
export const settingsRoutes: RouteObject[] = [];
