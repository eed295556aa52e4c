import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { Prompter } from '../prompt';
import { resolveOrganization } from './common';

/** `warren templates archive` and `templates versions archive|unarchive`, as Coder's CLI has them. */
export function registerTemplatesArchive(templates: Command, versions: Command, ctx: CommandContext): void {
  templates
    .command('archive')
    .description('Archive unused or failed template versions from a given template(s)')
    .argument('<templates...>', 'template names')
    .option('--all', 'include all unused template versions; by default only failed ones are archived')
    .option('-O, --org <organization>', 'the organization')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (names: string[], flags: { all?: boolean; org?: string; yes?: boolean }) => {
      const client = await ctx.client();
      const org = await resolveOrganization(client, flags.org);
      const found = await Promise.all(names.map((n) => client.templateByName(org.id, n)));
      const what = flags.all ? 'all unused' : 'failed';
      if (!flags.yes && !(await new Prompter(ctx.io).yes(`Archive ${what} versions of ${names.join(', ')}?`, '--yes'))) return;
      for (const t of found) {
        const { archived_ids } = await client.archiveTemplateVersions(t.id, { all: flags.all === true });
        ctx.print(`Archived ${archived_ids.length} versions from ${t.name}`);
      }
    });

  for (const archive of [true, false]) {
    const verb = archive ? 'archive' : 'unarchive';
    versions
      .command(verb)
      .description(`${archive ? 'Archive' : 'Unarchive'} a template version(s).`)
      .argument('<template>', 'template name')
      .argument('<versions...>', 'version names')
      .option('-O, --org <organization>', 'the organization')
      .option('-y, --yes', 'do not ask for confirmation')
      .action(async (templateName: string, names: string[], flags: { org?: string; yes?: boolean }) => {
        const client = await ctx.client();
        const org = await resolveOrganization(client, flags.org);
        const template = await client.templateByName(org.id, templateName);
        const found = await Promise.all(names.map((n) => client.templateVersionByName(template.id, n)));
        if (!flags.yes && !(await new Prompter(ctx.io).yes(`${archive ? 'Archive' : 'Unarchive'} versions ${names.join(', ')} of ${template.name}?`, '--yes'))) return;
        for (const v of found) {
          if (archive) await client.archiveTemplateVersion(v.id);
          else await client.unarchiveTemplateVersion(v.id);
          ctx.print(`Version ${v.name} ${verb}d`);
        }
      });
  }
}
