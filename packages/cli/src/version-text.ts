/**
 * What `--version` and `version` print. The first line says "Coder" and the version, as Coder's
 * bootstrap scripts and IDE extensions read it. Kept apart from main.ts so the one-file binary
 * answers `--version` without loading the CLI.
 */
import { WARREN_VERSION } from '@warren/sdk/version';

export function versionLine(): string {
  return `Coder ${WARREN_VERSION} (Warren, Node.js ${process.version}, ${process.platform}/${process.arch})`;
}

/** `version --output json`: the fields of Coder's build info that clients read. */
export function versionJson(): Record<string, unknown> {
  return { version: WARREN_VERSION, build_time: '', external_url: '', slim: false, agpl: true, boring_crypto: false };
}
