/** Warren's version in Coder's `v<semver>` form, sent as X-Coder-Build-Version and by `--version`. */
export const WARREN_VERSION = 'v0.1.0+warren';
