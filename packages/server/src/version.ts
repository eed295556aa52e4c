import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

/** Warren's version in Coder's form; `--version` output must contain "Coder" for bootstrap scripts. */
export const VERSION = `v${pkg.version}+warren`;
