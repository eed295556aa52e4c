import { WARREN_VERSION } from '@warren/sdk/version';

/** What `--version` prints; Coder's bootstrap scripts require it to contain "Coder". */
export function agentVersionString(): string {
  return `Coder ${WARREN_VERSION} (Warren workspace agent, Node.js ${process.version})`;
}
