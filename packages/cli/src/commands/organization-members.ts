import type { OrganizationMemberWithUserData } from '@warren/sdk';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { collect, writeList, type OutputOptions } from '../output';
import { resolveOrganization } from './common';

const MEMBER_COLUMNS = ['username', 'email', 'user id', 'organization id', 'organization roles', 'global roles'];

function memberRow(m: OrganizationMemberWithUserData) {
  return {
    username: m.username,
    email: m.email,
    'user id': m.user_id,
    'organization id': m.organization_id,
    'organization roles': m.roles.map((r) => r.name),
    'global roles': m.global_roles.map((r) => r.name),
  };
}

/** `warren organizations members list|edit-roles`, as Coder's CLI has them. */
export function registerOrganizationMembers(orgs: Command, ctx: CommandContext): void {
  const members = orgs.command('members').alias('member').description('Manage organization members');

  members
    .command('list')
    .description('List all organization members')
    .option('-O, --org <organization>', 'the organization (default: the selected one)')
    .option('-o, --output <format>', 'table or json', 'table')
    .option('-c, --column <column>', `columns to show (repeatable): ${MEMBER_COLUMNS.join(', ')}`, collect)
    .action(async (flags: OutputOptions & { org?: string }) => {
      const client = await ctx.client();
      const org = await resolveOrganization(client, flags.org ?? (await ctx.config.organization()));
      writeList(ctx.io.stdout, flags, await client.organizationMembers(org.id), memberRow, MEMBER_COLUMNS, ['username', 'organization roles']);
    });

  members
    .command('edit-roles')
    .description("Edit organization member's roles")
    .argument('<username>', 'the member')
    .argument('[roles...]', 'the organization roles the member keeps or gets; none removes them all')
    .option('-O, --org <organization>', 'the organization (default: the selected one)')
    .action(async (username: string, roles: string[], flags: { org?: string }) => {
      const client = await ctx.client();
      const org = await resolveOrganization(client, flags.org ?? (await ctx.config.organization()));
      const member = await client.updateOrganizationMemberRoles(org.id, username, roles);
      const names = member.roles.map((r) => r.name);
      ctx.print(`${username} now has ${names.length ? names.join(', ') : 'no organization roles'} in ${org.name}.`);
    });
}
