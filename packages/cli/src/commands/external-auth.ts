/**
 * `warren external-auth access-token <provider> [--extra <key>]`, run inside a workspace: prints the
 * workspace owner's token of an external auth provider (exit 0), or, when the owner has not
 * authenticated, the URL where they do (exit 1). Nothing else is printed, so scripts can use it:
 * `GITHUB_TOKEN=$(warren external-auth access-token github)`.
 */
import type { Command } from 'commander';
import { agentClientFrom } from '../agent-client';
import type { CommandContext } from '../context';
import { CliError } from '../io';

export function registerExternalAuth(program: Command, ctx: CommandContext): void {
  const group = program.command('external-auth').description('Manage external authentication');
  group
    .command('access-token <provider>')
    .description(
      'Print an access-token for an external auth provider. The access-token will be validated and sent to stdout with exit code 0. If a valid access-token cannot be obtained, the URL to authenticate will be sent to stdout with exit code 1',
    )
    .option('--extra <key>', 'Extract a field from the "extra" properties of the OAuth token.')
    .action(async (provider: string, flags: { extra?: string }) => {
      const client = agentClientFrom(ctx.io.env);
      const answer = await client.workspaceAgentExternalAuth({ id: provider });
      if (answer.url) {
        ctx.io.stdout.write(answer.url);
        throw new CliError('', 1);
      }
      if (flags.extra !== undefined) {
        if (!answer.token_extra) throw new CliError('no extra properties found for token');
        if (!(flags.extra in answer.token_extra)) throw new CliError(`extra property "${flags.extra}" not found`);
        const value = answer.token_extra[flags.extra];
        ctx.io.stdout.write(typeof value === 'string' ? value : JSON.stringify(value));
        return;
      }
      ctx.io.stdout.write(answer.access_token ?? '');
    });
}
