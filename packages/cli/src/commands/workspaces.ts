import type { Client, TemplateVersionParameter, Workspace, WorkspaceBuild, WorkspaceBuildParameter } from '@warren/sdk';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { awaitExternalAuth } from '../external-auth-wait';
import { CliError } from '../io';
import { followJobLogs, warnUnmatchedJob } from '../job-logs';
import { collect, writeList, type OutputOptions } from '../output';
import { Prompter } from '../prompt';
import { parseCliDuration, parseCliSchedule } from '../schedule-text';
import { parseKeyValues, resolveOrganization, resolveWorkspace } from './common';

const WORKSPACE_COLUMNS = ['workspace', 'template', 'status', 'healthy', 'last built', 'current version', 'outdated', 'id', 'owner'];

function workspaceRow(w: Workspace) {
  return {
    workspace: `${w.owner_name}/${w.name}`,
    template: w.template_name,
    status: w.latest_build.status,
    healthy: w.latest_build.status === 'running' ? String(w.health.healthy) : '',
    'last built': w.latest_build.created_at,
    'current version': w.latest_build.template_version_name,
    outdated: w.outdated,
    id: w.id,
    owner: w.owner_name,
  };
}

/** Streams a build's logs and fails unless it reached the wanted state. */
export async function watchBuild(ctx: CommandContext, client: Client, build: WorkspaceBuild): Promise<WorkspaceBuild> {
  warnUnmatchedJob(build.job, build.matched_provisioners, (line) => ctx.io.stderr.write(`${line}\n`));
  await followJobLogs(client, 'workspacebuilds', build.id, (line) => ctx.print(line));
  const done = await client.workspaceBuild(build.id);
  if (done.job.status !== 'succeeded') {
    throw new CliError(`The ${done.transition} build ${done.job.status}: ${done.job.error || 'no error message'}`);
  }
  return done;
}

/** Values for the version's parameters: given ones, then defaults, then prompts (interactive only). */
export async function collectParameters(
  ctx: CommandContext,
  params: TemplateVersionParameter[],
  given: Record<string, string>,
): Promise<WorkspaceBuildParameter[]> {
  for (const name of Object.keys(given)) {
    if (!params.some((p) => p.name === name)) throw new CliError(`The template has no parameter named "${name}".`);
  }
  const prompter = new Prompter(ctx.io);
  const values: WorkspaceBuildParameter[] = [];
  for (const p of params) {
    let value = given[p.name];
    if (value === undefined && p.required) {
      const choices = p.options.length ? ` (${p.options.map((o) => o.value).join(', ')})` : '';
      value = await prompter.text(`${p.display_name || p.name}${choices}:`, `--parameter ${p.name}=<value>`);
    }
    if (value !== undefined) values.push({ name: p.name, value });
  }
  return values;
}

export function registerWorkspaces(program: Command, ctx: CommandContext): void {
  program
    .command('create')
    .description('Create a workspace')
    .argument('<name>', 'workspace name')
    .requiredOption('-t, --template <template>', 'template name')
    .option('--parameter <name=value>', 'a rich parameter value (repeatable)', collect)
    .option('-O, --org <organization>', 'the organization (default: the default organization)')
    .option('--start-at <schedule>', 'the autostart schedule, like "9:30AM Mon-Fri Europe/Dublin" (see schedule start --help)')
    .option('--stop-after <duration>', 'stop the workspace this long after each start, like 8h')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (name: string, flags: { template: string; parameter?: string[]; org?: string; startAt?: string; stopAfter?: string; yes?: boolean }) => {
      const schedule = {
        ...(flags.startAt ? { autostart_schedule: parseCliSchedule([flags.startAt]) } : {}),
        ...(flags.stopAfter ? { ttl_ms: parseCliDuration(flags.stopAfter) } : {}),
      };
      const client = await ctx.client();
      const org = await resolveOrganization(client, flags.org);
      const template = await client.templateByName(org.id, flags.template);
      await awaitExternalAuth(ctx, client, template.active_version_id);
      const params = await client.templateVersionRichParameters(template.active_version_id);
      const values = await collectParameters(ctx, params, parseKeyValues(flags.parameter ?? [], '--parameter'));
      if (!flags.yes && ctx.io.interactive && !(await new Prompter(ctx.io).yes(`Create workspace ${name} from ${template.name}?`, '--yes'))) return;
      const workspace = await client.createUserWorkspace('me', { name, template_id: template.id, rich_parameter_values: values, ...schedule });
      await watchBuild(ctx, client, workspace.latest_build);
      ctx.print(`\nThe ${workspace.name} workspace has been created at ${new Date().toUTCString()}!`);
    });

  program
    .command('list')
    .alias('ls')
    .description('List workspaces')
    .option('-a, --all', "show every user's workspaces you can see")
    .option('--search <query>', 'a workspace search query, like the API (default: owner:me)')
    .option('-o, --output <format>', 'table or json', 'table')
    .option('-c, --column <column>', `columns to show (repeatable): ${WORKSPACE_COLUMNS.join(', ')}`, collect)
    .action(async (flags: OutputOptions & { all?: boolean; search?: string }) => {
      const client = await ctx.client();
      const { workspaces } = await client.workspaces({ q: flags.search ?? (flags.all ? '' : 'owner:me') });
      if (workspaces.length === 0 && flags.output !== 'json') {
        ctx.print('No workspaces found! Create one:\n\n  warren create <name> --template <template>');
        return;
      }
      writeList(ctx.io.stdout, flags, workspaces, workspaceRow, WORKSPACE_COLUMNS, ['workspace', 'template', 'status', 'healthy', 'last built', 'current version', 'outdated']);
    });

  const transition = (verb: 'start' | 'stop', description: string) =>
    program
      .command(verb)
      .description(description)
      .argument('<workspace>', 'name or owner/name')
      .option('-y, --yes', 'do not ask for confirmation')
      .option('--parameter <name=value>', 'a rich parameter value (repeatable)', collect)
      .action(async (ref: string, flags: { yes?: boolean; parameter?: string[] }) => {
        const client = await ctx.client();
        const workspace = await resolveWorkspace(client, ref);
        if (verb === 'start') await awaitExternalAuth(ctx, client, workspace.latest_build.template_version_id);
        const values = Object.entries(parseKeyValues(flags.parameter ?? [], '--parameter')).map(([name, value]) => ({ name, value }));
        const build = await client.createWorkspaceBuild(workspace.id, { transition: verb, rich_parameter_values: values });
        await watchBuild(ctx, client, build);
        ctx.print(`\nThe ${workspace.name} workspace has been ${verb === 'start' ? 'started' : 'stopped'} at ${new Date().toUTCString()}!`);
      });
  transition('start', 'Start a workspace');
  transition('stop', 'Stop a workspace');

  program
    .command('restart')
    .description('Restart a workspace (stop, then start)')
    .argument('<workspace>', 'name or owner/name')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (ref: string) => {
      const client = await ctx.client();
      const workspace = await resolveWorkspace(client, ref);
      await watchBuild(ctx, client, await client.createWorkspaceBuild(workspace.id, { transition: 'stop' }));
      await watchBuild(ctx, client, await client.createWorkspaceBuild(workspace.id, { transition: 'start' }));
      ctx.print(`\nThe ${workspace.name} workspace has been restarted at ${new Date().toUTCString()}!`);
    });

  program
    .command('delete')
    .alias('rm')
    .description('Delete a workspace')
    .argument('<workspace>', 'name or owner/name')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--orphan', 'delete the workspace without running terraform destroy (leaves its resources behind)')
    .action(async (ref: string, flags: { yes?: boolean; orphan?: boolean }) => {
      const client = await ctx.client();
      const workspace = await resolveWorkspace(client, ref);
      if (!flags.yes && !(await new Prompter(ctx.io).yes(`Confirm delete workspace ${workspace.name}?`, '--yes'))) return;
      const build = await client.createWorkspaceBuild(workspace.id, { transition: 'delete', orphan: flags.orphan ?? false });
      await watchBuild(ctx, client, build);
      ctx.print(`\nThe ${workspace.name} workspace has been deleted at ${new Date().toUTCString()}!`);
    });
}
