import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { Prompter } from '../prompt';
import { resolveWorkspace } from './common';

/** `warren rename <workspace> <new name>`, where the deployment allows renames (`--allow-workspace-renames`). */
export function registerRename(program: Command, ctx: CommandContext): void {
  program
    .command('rename')
    .description('Rename a workspace')
    .argument('<workspace>', 'name or owner/name')
    .argument('<new-name>', 'the new name')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (ref: string, newName: string, flags: { yes?: boolean }) => {
      const client = await ctx.client();
      const workspace = await resolveWorkspace(client, ref);
      ctx.print('WARNING: A rename can result in data loss if a resource references the workspace name in the template (e.g volumes). Please backup any data before proceeding.\n');
      if (!flags.yes) {
        await new Prompter(ctx.io).text(`Type "${workspace.name}" to confirm rename:`, '--yes', {
          validate: (typed) => typed === workspace.name || `Input "${typed}" does not match "${workspace.name}"`,
        });
      }
      await client.updateWorkspace(workspace.id, { name: newName });
      ctx.print(`Workspace "${workspace.name}" renamed to "${newName}"`);
    });
}
