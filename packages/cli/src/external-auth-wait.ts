/**
 * Before a build of a template version that needs external auth, as Coder's CLI does: for each
 * required provider the user has not linked, print where to link it and wait until they have.
 */
import type { Client } from '@warren/sdk';
import type { CommandContext } from './context';
import { CliError } from './io';

const POLL_MS = 1000;

export async function awaitExternalAuth(ctx: CommandContext, client: Client, versionId: string, pollMs = POLL_MS): Promise<void> {
  const needed = (await client.templateVersionExternalAuth(versionId)).filter((a) => !a.authenticated && !a.optional);
  for (const auth of needed) {
    ctx.print(`You must authenticate with ${auth.display_name} to create a workspace with this template. Visit:\n\n\t${auth.authenticate_url}\n`);
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      const now = (await client.templateVersionExternalAuth(versionId)).find((a) => a.id === auth.id);
      if (!now) throw new CliError(`external auth provider "${auth.id}" not found`);
      if (now.authenticated) break;
    }
    ctx.print(`Successfully authenticated with ${auth.display_name}!\n`);
  }
}
