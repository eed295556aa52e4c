import path from 'node:path';
import { extractArchive } from '@warren/node-kit/archive/extract-archive';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { Prompter } from '../prompt';
import { resolveOrganization } from './common';

/** `warren templates pull` and `templates delete`, as Coder's CLI has them. */
export function registerTemplatesManage(templates: Command, ctx: CommandContext): void {
  templates
    .command('pull')
    .description('Download the active, latest, or specified version of a template to a path.')
    .argument('<name>', 'template name')
    .argument('[destination]', 'the folder to write the template into (default: the template name); it must be empty')
    .option('--tar', 'write the tar archive to standard output instead')
    .option('--version <name>', 'the version to pull (default: the active version)')
    .option('-O, --org <organization>', 'the organization')
    .action(async (name: string, destination: string | undefined, flags: { tar?: boolean; version?: string; org?: string }) => {
      const client = await ctx.client();
      const org = await resolveOrganization(client, flags.org);
      const template = await client.templateByName(org.id, name);
      const version = flags.version ? await client.templateVersionByName(template.id, flags.version) : await client.templateVersion(template.active_version_id);
      const archive = await client.file(version.job.file_id);
      if (flags.tar) {
        ctx.io.stdout.write(Buffer.from(archive));
        return;
      }
      const folder = path.resolve(destination ?? name);
      await extractArchive(archive, folder);
      ctx.print(`Wrote template ${template.name} version ${version.name} into ${folder}`);
    });

  templates
    .command('delete')
    .alias('rm')
    .description('Delete templates')
    .argument('<names...>', 'template names')
    .option('-O, --org <organization>', 'the organization')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (names: string[], flags: { org?: string; yes?: boolean }) => {
      const client = await ctx.client();
      const org = await resolveOrganization(client, flags.org);
      const found = await Promise.all(names.map((n) => client.templateByName(org.id, n)));
      if (!flags.yes && !(await new Prompter(ctx.io).yes(`Delete these templates: ${names.join(', ')}?`, '--yes'))) return;
      for (const t of found) {
        await client.deleteTemplate(t.id);
        ctx.print(`Deleted ${t.name} at ${new Date().toUTCString()}`);
      }
    });
}
