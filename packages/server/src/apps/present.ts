import type { WorkspaceResource } from '@warren/sdk';
import { subdomainLabel } from './app-url';

/**
 * Sets Coder's `subdomain_name` on every subdomain app (`{slug}--{agent}--{workspace}--{user}`):
 * clients put it where the `*` of `/applications/host` is. When that host is empty, the
 * deployment has no wildcard access URL and such an app cannot be opened, which is how Coder's
 * dashboard and CLI tell.
 */
export function attachSubdomainNames(resources: WorkspaceResource[], workspaceName: string, ownerName: string): void {
  for (const agent of resources.flatMap((r) => r.agents ?? [])) {
    for (const app of agent.apps) {
      if (app.subdomain) app.subdomain_name = subdomainLabel({ slug: app.slug, agent: agent.name, workspace: workspaceName, username: ownerName });
    }
  }
}
