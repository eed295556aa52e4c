import type { ProvisionerKey } from '@warren/sdk';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { collect, writeList, type OutputOptions } from '../output';
import { Prompter } from '../prompt';
import { parseKeyValues, resolveOrganization } from './common';

const KEY_COLUMNS = ['id', 'created at', 'name', 'tags', 'organization id'];

function keyRow(k: ProvisionerKey) {
  const tags = Object.entries(k.tags).map(([key, v]) => `${key}=${v}`).join(' ');
  return { id: k.id, 'created at': k.created_at, name: k.name, tags, 'organization id': k.organization };
}

/** `warren provisioner keys create|list|delete`. */
export function registerProvisionerKeys(provisioner: Command, ctx: CommandContext): void {
  const keys = provisioner.command('keys').alias('key').description('Manage provisioner keys');

  keys
    .command('create')
    .description('Create a provisioner key')
    .argument('<name>', 'name of the key')
    .option('-O, --org <organization>', 'the organization (default: the default organization)')
    .option('-t, --tag <key=value>', 'a tag of the daemons that use the key (repeatable)', collect)
    .action(async (name: string, flags: { org?: string; tag?: string[] }) => {
      const client = await ctx.client();
      const org = await resolveOrganization(client, flags.org);
      const res = await client.createProvisionerKey(org.id, { name, tags: parseKeyValues(flags.tag ?? [], '--tag') });
      ctx.print(`Successfully created provisioner key ${name}! Save this authentication token, it will not be shown again.\n\n${res.key}`);
    });

  keys
    .command('list')
    .alias('ls')
    .description('List provisioner keys')
    .option('-O, --org <organization>', 'the organization (default: the default organization)')
    .option('-o, --output <format>', 'table or json', 'table')
    .option('-c, --column <column>', `columns to show (repeatable): ${KEY_COLUMNS.join(', ')}`, collect)
    .action(async (flags: OutputOptions & { org?: string }) => {
      const client = await ctx.client();
      const org = await resolveOrganization(client, flags.org);
      const list = await client.provisionerKeys(org.id);
      if (list.length === 0 && flags.output !== 'json') {
        ctx.print('No provisioner keys found.');
        return;
      }
      writeList(ctx.io.stdout, flags, list, keyRow, KEY_COLUMNS, ['created at', 'name', 'tags']);
    });

  keys
    .command('delete')
    .alias('rm')
    .description('Delete a provisioner key; daemons using it are disconnected')
    .argument('<name>', 'name of the key')
    .option('-O, --org <organization>', 'the organization (default: the default organization)')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (name: string, flags: { org?: string; yes?: boolean }) => {
      const client = await ctx.client();
      const org = await resolveOrganization(client, flags.org);
      if (!flags.yes && !(await new Prompter(ctx.io).yes(`Are you sure you want to delete provisioner key ${name}?`, '--yes'))) {
        throw new CliError('Nothing was deleted.');
      }
      await client.deleteProvisionerKey(org.id, name);
      ctx.print(`Successfully deleted provisioner key ${name}.`);
    });
}
