/**
 * `warren server create-admin-user`: creates an owner straight in the database (every organization
 * as admin), for a deployment nobody can sign in to. Flags, environment and prompts as in Coder.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { Answers } from './answers';

interface Flags {
  postgresUrl?: string;
  username?: string;
  email?: string;
  password?: string;
  sshKeygenAlgorithm?: string;
}

export function registerCreateAdminUser(server: Command, ctx: CommandContext): void {
  server
    .command('create-admin-user')
    .description('Create a new admin user with the given username, email and password and add it to every organization')
    .option('--postgres-url <url>', 'URL of a PostgreSQL database; without it, the built-in database of --global-config (env: CODER_PG_CONNECTION_URL)')
    .option('--username <username>', 'the username of the new user; asked for when not given (env: CODER_USERNAME)')
    .option('--email <email>', 'the email of the new user; asked for when not given (env: CODER_EMAIL)')
    .option('--password <password>', 'the password of the new user; asked for when not given (env: CODER_PASSWORD)')
    .option('--ssh-keygen-algorithm <algorithm>', 'the algorithm of the Git SSH key: ed25519 (env: CODER_SSH_KEYGEN_ALGORITHM)')
    .action(async function (this: Command) {
      // `server` declares --postgres-url too and takes it wherever it appears: read both levels.
      const flags = this.optsWithGlobals<Flags>();
      const env = ctx.io.env;
      const algorithm = flags.sshKeygenAlgorithm ?? (env.CODER_SSH_KEYGEN_ALGORITHM || 'ed25519');
      if (algorithm !== 'ed25519') throw new CliError(`--ssh-keygen-algorithm "${algorithm}" is not supported: Warren generates ed25519 keys.`);
      const server = await import('@warren/server');
      const postgresUrl = flags.postgresUrl ?? (env.CODER_PG_CONNECTION_URL || undefined);
      const answers = new Answers(ctx.io);
      const notEmpty = (what: string, check: (v: string) => string | undefined) => (v: string) => (v === '' ? `The ${what} cannot be empty.` : check(v));
      let username = flags.username ?? (env.CODER_USERNAME || undefined);
      let email = flags.email ?? (env.CODER_EMAIL || undefined);
      let password = flags.password ?? (env.CODER_PASSWORD || undefined);
      for (const problem of [username && server.checkNewUser({ username }), email && server.checkNewUser({ email }), password && server.checkNewPassword(password)]) {
        if (problem) throw new CliError(problem);
      }
      if (!postgresUrl) ctx.print(`Using built-in PostgreSQL (${ctx.config.dir}/postgres)`);
      const admin = await server.openAdminDatabase({ postgresUrl, configDir: ctx.config.dir, migrate: true }).catch((err: unknown) => {
        throw new CliError((err as Error).message);
      });
      try {
        username ??= await answers.text('Username:', '--username', notEmpty('username', (v) => server.checkNewUser({ username: v })));
        email ??= await answers.text('Email:', '--email', notEmpty('email', (v) => server.checkNewUser({ email: v })));
        if (!password) {
          const chosen = await answers.secret('Password:', '--password', notEmpty('password', (v) => server.checkNewPassword(v)));
          await answers.secret('Confirm password:', '--password', (v) => (v === chosen ? undefined : 'Passwords do not match.'));
          password = chosen;
        }
        const err = (line: string) => ctx.io.stderr.write(`${line}\n`);
        const user = await server.createAdminUser(admin.db, { username, email, password }, err).catch((e: unknown) => {
          throw new CliError((e as Error).message);
        });
        err('');
        err('User created successfully.');
        err(`ID:       ${user.id}`);
        err(`Username: ${user.username}`);
        err(`Email:    ${user.email}`);
        err('Password: ********');
      } finally {
        await admin.close();
      }
    });
}
