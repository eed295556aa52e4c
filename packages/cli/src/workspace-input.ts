/**
 * Host names as OpenSSH hands them to a ProxyCommand (`%h`), turned into `owner/workspace.agent`,
 * as Coder's CLI reads them: `workspace`, `workspace.agent`, `owner/workspace`, `owner--workspace`,
 * `owner/workspace--agent`, `owner/workspace.agent`, `owner--workspace--agent`,
 * `owner--workspace.agent`. Anything else is returned unchanged (and fails to resolve later with
 * the usual sentence).
 */
export function normalizeWorkspaceInput(input: string): string {
  const parts = input.split(/\/|--|\./);
  switch (parts.length) {
    case 2:
      return input.includes('/') || input.includes('--') ? `${parts[0]}/${parts[1]}` : `${parts[0]}.${parts[1]}`;
    case 3:
      return `${parts[0]}/${parts[1]}.${parts[2]}`;
    default:
      return input;
  }
}

/**
 * The workspace of a VS Code host name, `coder-vscode--<owner>--<workspace>[--<agent>]` (the part
 * before the first `--` is the extension's, only the delimiter matters), as `owner/workspace[.agent]`.
 */
export function parseVscodeHost(host: string): string | undefined {
  const parts = host.split('--');
  if (parts.length < 3 || parts.slice(1).some((p) => p === '')) return undefined;
  return `${parts[1]}/${parts[2]}${parts.length > 3 ? `.${parts[3]}` : ''}`;
}
