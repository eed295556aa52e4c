import type { Organization } from '@warren/sdk';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { collect, writeList, type OutputOptions } from '../output';
import { registerOrganizationMembers } from './organization-members';

const ORG_COLUMNS = ['id', 'name', 'display name', 'description', 'default', 'created at'];

function orgRow(o: Organization) {
  return { id: o.id, name: o.name, 'display name': o.display_name, description: o.description, default: o.is_default, 'created at': o.created_at };
}

export function registerOrganizations(program: Command, ctx: CommandContext): void {
  const orgs = program.command('organizations').aliases(['organization', 'org', 'orgs']).description('Organizations');

  orgs
    .command('show')
    .description('Show the selected organization ("selected", the default), all of yours ("me"), or one by name or id')
    .argument('[which]', '"selected", "me", or an organization name or id', 'selected')
    .option('-o, --output <format>', 'table or json', 'table')
    .option('-c, --column <column>', `columns to show (repeatable): ${ORG_COLUMNS.join(', ')}`, collect)
    .action(async (which: string, flags: OutputOptions) => {
      const client = await ctx.client();
      let list: Organization[];
      if (which === 'me') list = await client.userOrganizations('me');
      else if (which === 'selected') list = [await client.organization((await ctx.config.organization()) ?? 'default')];
      else list = [await client.organization(which)];
      writeList(ctx.io.stdout, flags, list, orgRow, ORG_COLUMNS, ['id', 'name', 'display name', 'default']);
    });

  registerOrganizationMembers(orgs, ctx);
}
