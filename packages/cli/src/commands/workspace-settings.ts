import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { awaitExternalAuth } from '../external-auth-wait';
import { CliError } from '../io';
import { collect } from '../output';
import { parseKeyValues, resolveWorkspace } from './common';
import { collectParameters, watchBuild } from './workspaces';

/** `warren update`, `autoupdate`, `favorite` and `unfavorite`, as Coder's CLI has them. */
export function registerWorkspaceSettings(program: Command, ctx: CommandContext): void {
  program
    .command('update')
    .description('Will update and start a given workspace if it is out of date')
    .argument('<workspace>', 'name or owner/name')
    .option('--parameter <name=value>', 'a rich parameter value (repeatable)', collect)
    .action(async (ref: string, flags: { parameter?: string[] }) => {
      const client = await ctx.client();
      const workspace = await resolveWorkspace(client, ref);
      if (!workspace.outdated) {
        ctx.print('Workspace is up-to-date.');
        return;
      }
      await awaitExternalAuth(ctx, client, workspace.template_active_version_id);
      const params = await client.templateVersionRichParameters(workspace.template_active_version_id);
      const given = parseKeyValues(flags.parameter ?? [], '--parameter');
      // Only new parameters are asked for; the others keep the workspace's values.
      const current = new Set((await client.workspaceBuildParameters(workspace.latest_build.id)).map((p) => p.name));
      const values = await collectParameters(ctx, params.filter((p) => !current.has(p.name) || p.name in given), given);
      const build = await client.createWorkspaceBuild(workspace.id, { transition: 'start', template_version_id: workspace.template_active_version_id, rich_parameter_values: values });
      await watchBuild(ctx, client, build);
      ctx.print(`\nThe ${workspace.name} workspace has been updated at ${new Date().toUTCString()}!`);
    });

  program
    .command('autoupdate')
    .description('Toggle auto-update policy for a workspace')
    .argument('<workspace>', 'name or owner/name')
    .argument('<policy>', 'always or never')
    .action(async (ref: string, policy: string) => {
      const value = policy.toLowerCase();
      if (value !== 'always' && value !== 'never') throw new CliError(`Invalid option value "${policy}": use always or never.`);
      const client = await ctx.client();
      const workspace = await resolveWorkspace(client, ref);
      await client.updateWorkspaceAutomaticUpdates(workspace.id, { automatic_updates: value });
      ctx.print(`Updated workspace "${workspace.name}" auto-update policy to "${value}"`);
    });

  for (const favorite of [true, false]) {
    program
      .command(favorite ? 'favorite' : 'unfavorite')
      .aliases(favorite ? ['fav', 'favourite'] : ['unfav', 'unfavourite'])
      .description(favorite ? 'Add a workspace to your favorites' : 'Remove a workspace from your favorites')
      .argument('<workspace>', 'name or owner/name')
      .action(async (ref: string) => {
        const client = await ctx.client();
        const workspace = await resolveWorkspace(client, ref);
        if (favorite) await client.favoriteWorkspace(workspace.id);
        else await client.unfavoriteWorkspace(workspace.id);
        ctx.print(`Workspace "${workspace.name}" ${favorite ? 'added to' : 'removed from'} favorites.`);
      });
  }
}
