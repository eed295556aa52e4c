import { cp, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiError, type Client, type Template, type TemplateVersion } from '@warren/sdk';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { followJobLogs, warnUnmatchedJob } from '../job-logs';
import { collect, formatTable, writeList, type OutputOptions } from '../output';
import { Prompter } from '../prompt';
import { isBinary } from '../self';
import { packTemplateDir } from '../template-archive';
import { parseKeyValues, resolveOrganization } from './common';
import { registerTemplatesArchive } from './templates-archive';
import { registerTemplatesEdit } from './templates-edit';
import { registerTemplatesManage } from './templates-manage';

/** The starter templates of the checkout; the one-file binary carries none. */
function examplesDir(): string {
  if (isBinary()) throw new CliError('The starter templates come with the Warren checkout, not with this one-file binary: run `warren templates init` there, or write a main.tf yourself.');
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples/templates');
}
const DEFAULT_EXAMPLE = 'local';

const TEMPLATE_COLUMNS = ['name', 'created at', 'last updated', 'organization id', 'organization name', 'provisioner', 'active version id', 'used by', 'default ttl'];
const VERSION_COLUMNS = ['name', 'created at', 'created by', 'status', 'active'];

function templateRow(t: Template) {
  return {
    name: t.name,
    'created at': t.created_at,
    'last updated': t.updated_at,
    'organization id': t.organization_id,
    'organization name': t.organization_name,
    provisioner: t.provisioner,
    'active version id': t.active_version_id,
    'used by': `${Math.max(t.active_user_count, 0)} developer${t.active_user_count === 1 ? '' : 's'}`,
    'default ttl': `${Math.round(t.default_ttl_ms / 3_600_000)}h`,
  };
}

export function registerTemplates(program: Command, ctx: CommandContext): void {
  const templates = program.command('templates').alias('template').description('Manage templates');

  templates
    .command('init')
    .description(`Write a starter template into a folder (default example: ${DEFAULT_EXAMPLE})`)
    .argument('[directory]', 'where to write it (default: the example name)')
    .option('--id <example>', 'which example to write')
    .action(async (directory: string | undefined, flags: { id?: string }) => {
      const EXAMPLES_DIR = examplesDir();
      const examples = (await readdir(EXAMPLES_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
      const id = flags.id ?? (examples.includes(DEFAULT_EXAMPLE) ? DEFAULT_EXAMPLE : examples[0]!);
      if (!examples.includes(id)) throw new CliError(`Unknown example "${id}". Examples: ${examples.join(', ')}.`);
      const target = path.resolve(directory ?? id);
      const existing = await readdir(target).catch(() => [] as string[]);
      if (existing.length > 0) throw new CliError(`Folder ${target} is not empty; choose another.`);
      await mkdir(target, { recursive: true });
      await cp(path.join(EXAMPLES_DIR, id), target, { recursive: true });
      ctx.print(`Extracted ${id} to ${target}\nCreate your template by running:\n\n  cd ${path.relative(process.cwd(), target) || '.'} && warren templates push ${id}\n`);
    });

  templates
    .command('push')
    .description('Create or update a template from a folder of Terraform files')
    .argument('[name]', 'template name (default: the folder name)')
    .option('-d, --directory <dir>', 'the template folder', '.')
    .option('-y, --yes', 'create the template without asking')
    .option('--variable <name=value>', 'a template variable value (repeatable)', collect)
    .option('--var <name=value>', 'alias of --variable (repeatable)', collect)
    .option('--provisioner-tag <key=value>', 'a tag that routes the import to matching provisioners (repeatable)', collect)
    .option('--activate [bool]', 'make the new version the active one', 'true')
    .option('--name <version>', 'name of the new version')
    .option('-m, --message <message>', 'a message describing the version')
    .option('-O, --org <organization>', 'the organization (default: the default organization)')
    .action(async (name: string | undefined, flags: PushFlags) => {
      const client = await ctx.client();
      const dir = path.resolve(flags.directory);
      const templateName = name ?? path.basename(dir);
      const org = await resolveOrganization(client, flags.org);
      const existing = await client.templateByName(org.id, templateName).catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) return undefined;
        throw err;
      });
      if (!existing && !flags.yes && !(await new Prompter(ctx.io).yes(`Template ${templateName} does not exist. Create it?`, '--yes'))) {
        throw new CliError('Nothing was pushed.');
      }
      const archive = await packTemplateDir(dir);
      const { hash: fileId } = await client.uploadFile(archive);
      const variables = [...(flags.variable ?? []), ...(flags.var ?? [])];
      const version = await client.createTemplateVersion(org.id, {
        template_id: existing?.id,
        storage_method: 'file',
        file_id: fileId,
        provisioner: 'terraform',
        name: flags.name,
        message: flags.message,
        tags: parseKeyValues(flags.provisionerTag ?? [], '--provisioner-tag'),
        user_variable_values: Object.entries(parseKeyValues(variables, '--variable')).map(([n, value]) => ({ name: n, value })),
      });
      const done = await waitForImport(ctx, client, version);
      ctx.print(await resourcePreview(client, done));
      if (!existing) {
        const template = await client.createTemplate(org.id, { name: templateName, template_version_id: done.id });
        ctx.print(`The ${template.name} template has been created at ${new Date(template.created_at).toUTCString()}! Developers can provision a workspace with this template using:\n\n  warren create --template ${template.name} [workspace name]\n`);
      } else if (flags.activate !== 'false') {
        await client.updateActiveTemplateVersion(existing.id, done.id);
        ctx.print(`Updated version at ${new Date().toUTCString()}!`);
      } else {
        ctx.print(`Created version ${done.name}; it is not active (--activate=false).`);
      }
    });

  templates
    .command('list')
    .alias('ls')
    .description('List templates')
    .option('-o, --output <format>', 'table or json', 'table')
    .option('-c, --column <column>', `columns to show (repeatable): ${TEMPLATE_COLUMNS.join(', ')}`, collect)
    .action(async (flags: OutputOptions) => {
      const list = await (await ctx.client()).templates();
      if (list.length === 0 && flags.output !== 'json') {
        ctx.print('No templates found! Create one:\n\n  warren templates init\n  warren templates push <name> -d <folder>');
        return;
      }
      writeList(ctx.io.stdout, flags, list, templateRow, TEMPLATE_COLUMNS, ['name', 'organization name', 'last updated', 'used by']);
    });

  registerTemplatesEdit(templates, ctx);
  registerTemplatesManage(templates, ctx);

  const versions = templates.command('versions').description('Manage template versions');
  versions
    .command('list')
    .description('List the versions of a template')
    .argument('<template>', 'template name')
    .option('-O, --org <organization>', 'the organization')
    .option('-o, --output <format>', 'table or json', 'table')
    .option('-c, --column <column>', `columns to show (repeatable): ${VERSION_COLUMNS.join(', ')}`, collect)
    .action(async (templateName: string, flags: OutputOptions & { org?: string }) => {
      const client = await ctx.client();
      const org = await resolveOrganization(client, flags.org);
      const template = await client.templateByName(org.id, templateName);
      const list = await client.templateVersionsByTemplate(template.id);
      const row = (v: TemplateVersion) => ({
        name: v.name,
        'created at': v.created_at,
        'created by': v.created_by.username,
        status: v.job.status,
        active: v.id === template.active_version_id ? 'Active' : '',
      });
      writeList(ctx.io.stdout, flags, list, row, VERSION_COLUMNS, VERSION_COLUMNS);
    });

  registerTemplatesArchive(templates, versions, ctx);
}

interface PushFlags {
  directory: string;
  yes?: boolean;
  variable?: string[];
  var?: string[];
  provisionerTag?: string[];
  activate: string | boolean;
  name?: string;
  message?: string;
  org?: string;
}

/** Streams the import logs and fails with the job's error if the import did not succeed. */
async function waitForImport(ctx: CommandContext, client: Client, version: TemplateVersion): Promise<TemplateVersion> {
  warnUnmatchedJob(version.job, version.matched_provisioners, (line) => ctx.io.stderr.write(`${line}\n`));
  await followJobLogs(client, 'templateversions', version.id, (line) => ctx.print(line));
  const done = await client.templateVersion(version.id);
  if (done.job.status !== 'succeeded') {
    throw new CliError(`The template version's import ${done.job.status}: ${done.job.error || 'no error message'}`);
  }
  return done;
}

async function resourcePreview(client: Client, version: TemplateVersion): Promise<string> {
  const resources = await client.templateVersionResources(version.id);
  const rows = resources
    .filter((r) => r.workspace_transition === 'start' && !r.hide)
    .map((r) => ({ resource: `${r.type}.${r.name}`, agents: (r.agents ?? []).map((a) => a.name).join(', ') }));
  if (rows.length === 0) return 'This template creates no resources when started.';
  return `Resource preview (start):\n${formatTable(rows, ['resource', 'agents'])}`;
}

