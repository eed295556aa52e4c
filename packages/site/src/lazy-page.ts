import type { ComponentType } from 'react';

/** Loads a page's module when its route is first visited, so the first page stays small. */
export const lazyPage =
  <M>(load: () => Promise<M>, pick: (m: M) => ComponentType) =>
  async () => ({ Component: pick(await load()) });
