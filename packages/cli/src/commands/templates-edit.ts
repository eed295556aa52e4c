import { parseDuration, type UpdateTemplateMeta } from '@warren/sdk';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { Prompter } from '../prompt';
import { resolveOrganization } from './common';

interface EditFlags {
  org?: string;
  name?: string;
  displayName?: string;
  description?: string;
  icon?: string;
  defaultTtl?: string;
  activityBump?: string;
  allowUserAutostart?: boolean;
  allowUserAutostop?: boolean;
  allowUserCancelWorkspaceJobs?: boolean;
  requireActiveVersion?: boolean;
  deprecated?: string;
  yes?: boolean;
}

/** Only what was given on the command line: the rest of the template keeps its values. */
function changesOf(f: EditFlags): UpdateTemplateMeta {
  const change: UpdateTemplateMeta = {};
  if (f.name !== undefined) change.name = f.name;
  if (f.displayName !== undefined) change.display_name = f.displayName;
  if (f.description !== undefined) change.description = f.description;
  if (f.icon !== undefined) change.icon = f.icon;
  if (f.defaultTtl !== undefined) change.default_ttl_ms = parseDuration(f.defaultTtl);
  if (f.activityBump !== undefined) change.activity_bump_ms = parseDuration(f.activityBump);
  if (f.allowUserAutostart !== undefined) change.allow_user_autostart = f.allowUserAutostart;
  if (f.allowUserAutostop !== undefined) change.allow_user_autostop = f.allowUserAutostop;
  if (f.allowUserCancelWorkspaceJobs !== undefined) change.allow_user_cancel_workspace_jobs = f.allowUserCancelWorkspaceJobs;
  if (f.requireActiveVersion !== undefined) change.require_active_version = f.requireActiveVersion;
  if (f.deprecated !== undefined) change.deprecation_message = f.deprecated;
  return change;
}

/** `warren templates edit <template>`: a template's metadata and schedule settings, as Coder's CLI edits them. */
export function registerTemplatesEdit(templates: Command, ctx: CommandContext): void {
  templates
    .command('edit')
    .description('Edit the metadata of a template by name.')
    .argument('<template>', 'template name')
    .option('-O, --org <organization>', 'the organization (default: the default organization)')
    .option('--name <name>', 'edit the template name')
    .option('--display-name <name>', 'edit the template display name')
    .option('--description <description>', 'edit the template description')
    .option('--icon <icon>', 'edit the template icon path')
    .option('--default-ttl <duration>', 'how long a workspace runs after each start by default (0 for no automatic stop)')
    .option('--activity-bump <duration>', 'how far activity pushes out a running workspace\'s stop time (0 for never)')
    .option('--allow-user-autostart', 'allow users to set autostart schedules on their workspaces (--allow-user-autostart=false to forbid)')
    .option('--allow-user-autostop', 'allow users to choose when their workspaces stop (--allow-user-autostop=false to forbid)')
    .option('--allow-user-cancel-workspace-jobs', 'allow users to cancel workspace builds (=false to forbid)')
    .option('--require-active-version', 'workspaces must be started on the active version (=false to lift)')
    .option('--deprecated <message>', 'deprecate the template with this message; empty to undeprecate')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (name: string, flags: EditFlags) => {
      const change = changesOf(flags);
      if (Object.keys(change).length === 0) throw new CliError('Nothing to change: give at least one flag (see --help).');
      const client = await ctx.client();
      const org = await resolveOrganization(client, flags.org);
      const template = await client.templateByName(org.id, name);
      if (!flags.yes && ctx.io.interactive && !(await new Prompter(ctx.io).yes(`Update template ${template.name}?`, '--yes'))) return;
      await client.updateTemplateMeta(template.id, change);
      ctx.print(`Updated template metadata at ${new Date().toUTCString()}!`);
    });
}
