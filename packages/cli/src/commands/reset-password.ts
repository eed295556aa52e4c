/**
 * `warren reset-password USERNAME`: sets a user's password straight in the database, for an owner
 * locked out of the API. Uses `--postgres-url` (CODER_PG_CONNECTION_URL) or the built-in database
 * of the config folder; the server package is loaded only when the command runs.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { Answers } from './answers';

export function registerResetPassword(program: Command, ctx: CommandContext): void {
  program
    .command('reset-password')
    .description("Directly connect to the database to reset a user's password")
    .argument('<username>', 'the user whose password to reset')
    .option('--postgres-url <url>', 'URL of a PostgreSQL database to connect to; without it, the built-in database of --global-config (env: CODER_PG_CONNECTION_URL)')
    .action(async (username: string, flags: { postgresUrl?: string }) => {
      const { openAdminDatabase, checkNewPassword, resetUserPassword } = await import('@warren/server');
      const admin = await openAdminDatabase({
        postgresUrl: flags.postgresUrl ?? (ctx.io.env.CODER_PG_CONNECTION_URL || undefined),
        configDir: ctx.config.dir,
        migrate: false,
      }).catch((err: unknown) => {
        throw new CliError((err as Error).message);
      });
      try {
        const answers = new Answers(ctx.io);
        const password = await answers.secret('Enter new password:', 'the new password', (v) => checkNewPassword(v));
        await answers.secret('Confirm password:', 'the new password', (v) => (v === password ? undefined : 'Passwords do not match.'));
        const user = await resetUserPassword(admin.db, username, password).catch((err: unknown) => {
          throw new CliError((err as Error).message);
        });
        ctx.print(`\nPassword has been reset for user ${user.username}!`);
      } finally {
        await admin.close();
      }
    });
}
