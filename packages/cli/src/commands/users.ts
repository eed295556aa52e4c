import { randomBytes } from 'node:crypto';
import type { User } from '@warren/sdk';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { collect, writeList, type OutputOptions } from '../output';
import { selfName } from '../self';

const LOGIN_TYPES = ['password', 'none', 'github', 'oidc'] as const;
const USER_COLUMNS = ['id', 'username', 'name', 'email', 'created at', 'updated at', 'last seen at', 'status', 'login type', 'roles'];

function userRow(u: User) {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    email: u.email,
    'created at': u.created_at,
    'updated at': u.updated_at,
    'last seen at': u.last_seen_at,
    status: u.status,
    'login type': u.login_type,
    roles: u.roles.map((r) => r.name),
  };
}

export function registerUsers(program: Command, ctx: CommandContext): void {
  const users = program.command('users').alias('user').description('Manage users');

  users
    .command('create')
    .description('Create a user')
    .requiredOption('-u, --username <username>', 'the username')
    .requiredOption('-e, --email <email>', 'the email address')
    .option('-n, --full-name <name>', 'the full name')
    .option('-p, --password <password>', 'the password; a random one is generated and shown when omitted')
    .option(
      '--login-type <type>',
      "how the user signs in: password, none (only with tokens an admin makes), github or oidc (by the provider's email at their first sign-in)",
      'password',
    )
    .option('-O, --org <organization>', 'organization to add the user to (name or id); defaults to the default organization')
    .action(async (flags: { username: string; email: string; fullName?: string; password?: string; loginType: string; org?: string }) => {
      if (!LOGIN_TYPES.includes(flags.loginType as (typeof LOGIN_TYPES)[number])) {
        throw new CliError(`--login-type must be one of ${LOGIN_TYPES.join(', ')}; got "${flags.loginType}".`);
      }
      const client = await ctx.client();
      const password = flags.loginType === 'password' ? (flags.password ?? generatePassword()) : undefined;
      const organizationIds = flags.org ? [(await client.organization(flags.org)).id] : undefined;
      const user = await client.createUser({
        username: flags.username,
        email: flags.email,
        name: flags.fullName,
        password,
        login_type: flags.loginType as (typeof LOGIN_TYPES)[number],
        organization_ids: organizationIds,
      });
      const url = client.url.toString().replace(/\/$/, '');
      ctx.print(
        [
          `User ${user.username} has been created!`,
          '',
          `Run '${selfName()} login ${url}' to authenticate.`,
          '',
          `Your email is: ${user.email}`,
          password ? `Your password is: ${password}` : flags.loginType === 'none' ? 'This user logs in without a password.' : `This user signs in with ${flags.loginType === 'oidc' ? 'OpenID Connect' : 'GitHub'}.`,
        ].join('\n'),
      );
    });

  users
    .command('list')
    .alias('ls')
    .description('List users')
    .option('-o, --output <format>', 'table or json', 'table')
    .option('-c, --column <column>', `columns to show (repeatable): ${USER_COLUMNS.join(', ')}`, collect)
    .option('-q, --search <query>', 'filter like the API (free text, status:, role:)')
    .action(async (flags: OutputOptions & { search?: string }) => {
      const client = await ctx.client();
      const { users: list } = await client.users({ q: flags.search });
      writeList(ctx.io.stdout, flags, list, userRow, USER_COLUMNS, ['username', 'email', 'created at', 'status']);
    });

  users
    .command('show')
    .description('Show a user ("me" for yourself)')
    .argument('<user>', 'username, id or "me"')
    .option('-o, --output <format>', 'table or json', 'table')
    .action(async (ref: string, flags: OutputOptions) => {
      const user = await (await ctx.client()).user(ref);
      writeList(ctx.io.stdout, flags, flags.output === 'json' ? [user] : [user], userRow, USER_COLUMNS, ['username', 'email', 'status', 'roles']);
    });

  for (const [verb, status, done] of [
    ['suspend', 'suspend', 'suspended'],
    ['activate', 'activate', 'activated'],
  ] as const) {
    users
      .command(verb)
      .description(`${verb === 'suspend' ? 'Suspend' : 'Activate'} a user`)
      .argument('<user>', 'username or id')
      .action(async (ref: string) => {
        const user = await (await ctx.client()).updateUserStatus(ref, status);
        ctx.print(`User ${user.username} has been ${done}!`);
      });
  }

  users
    .command('edit-roles')
    .description("Edit a user's roles by username or id")
    .argument('<user>', 'username or id')
    .option('--roles <roles>', 'the site roles the user keeps or gets, comma-separated (e.g. template-admin,auditor); empty removes them all', '')
    .action(async (ref: string, flags: { roles: string }) => {
      const roles = flags.roles.split(',').map((r) => r.trim()).filter(Boolean);
      const client = await ctx.client();
      const user = await client.updateUserRoles(ref, roles);
      const kept = user.roles.map((r) => r.name);
      ctx.print(`User ${user.username} now has ${kept.length ? kept.join(', ') : 'no site roles but member'}.`);
    });

  users
    .command('delete')
    .description('Delete a user by username or user_id.')
    .argument('<user>', 'username or id')
    .action(async (ref: string) => {
      const client = await ctx.client();
      const user = await client.user(ref);
      await client.deleteUser(user.id);
      ctx.print(`Successfully deleted ${user.username}.`);
    });
}

function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
