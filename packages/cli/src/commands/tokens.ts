import { parseDuration, type APIKeyWithOwner } from '@warren/sdk';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { collect, writeList, type OutputOptions } from '../output';

const TOKEN_COLUMNS = ['id', 'name', 'scope', 'last used', 'expires at', 'created at', 'owner'];

function tokenRow(t: APIKeyWithOwner) {
  return {
    id: t.id,
    name: t.token_name,
    scope: t.scope,
    'last used': t.last_used,
    'expires at': t.expires_at,
    'created at': t.created_at,
    owner: t.username,
  };
}

export function registerTokens(program: Command, ctx: CommandContext): void {
  const tokens = program.command('tokens').alias('token').description('Manage personal access tokens');

  tokens
    .command('create')
    .description('Create a token; it is printed once')
    .option('--name <name>', 'a name to find the token by later')
    .option('--lifetime <duration>', 'how long the token lasts, e.g. 720h (default: the server default)')
    .option('--scope <scope>', 'all or application_connect', 'all')
    .option('-u, --user <user>', 'create the token for another user (administrators)', 'me')
    .action(async (flags: { name?: string; lifetime?: string; scope: string; user: string }) => {
      if (flags.scope !== 'all' && flags.scope !== 'application_connect') {
        throw new CliError(`Unknown scope "${flags.scope}": use "all" or "application_connect".`);
      }
      let lifetimeNs: number | undefined;
      if (flags.lifetime) {
        try {
          lifetimeNs = parseDuration(flags.lifetime) * 1_000_000;
        } catch (err) {
          throw new CliError(`--lifetime: ${(err as Error).message}`);
        }
      }
      const client = await ctx.client();
      const { key } = await client.createToken(flags.user, { token_name: flags.name, lifetime: lifetimeNs, scope: flags.scope });
      ctx.print(key);
    });

  tokens
    .command('list')
    .alias('ls')
    .description('List tokens')
    .option('-a, --all', "list every user's tokens (administrators)")
    .option('-o, --output <format>', 'table or json', 'table')
    .option('-c, --column <column>', `columns to show (repeatable): ${TOKEN_COLUMNS.join(', ')}`, collect)
    .action(async (flags: OutputOptions & { all?: boolean }) => {
      const list = (await (await ctx.client()).tokens('me', flags.all)) as APIKeyWithOwner[];
      const defaults = ['id', 'name', 'last used', 'expires at', 'created at', ...(flags.all ? ['owner'] : [])];
      writeList(ctx.io.stdout, flags, list, tokenRow, TOKEN_COLUMNS, defaults);
    });

  tokens
    .command('remove')
    .aliases(['delete', 'rm'])
    .description('Delete a token by name or id')
    .argument('<name|id>', 'the token name or id')
    .action(async (ref: string) => {
      const client = await ctx.client();
      const list = await client.tokens('me');
      const token = list.find((t) => t.token_name === ref) ?? list.find((t) => t.id === ref);
      if (!token) throw new CliError(`No token named or with id "${ref}".`);
      await client.deleteAPIKey('me', token.id);
      ctx.print('Token has been deleted.');
    });
}
