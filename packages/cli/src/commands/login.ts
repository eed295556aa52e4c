import os from 'node:os';
import { Client, NAME_PATTERN } from '@warren/sdk';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { Prompter } from '../prompt';
import { selfName } from '../self';

interface LoginFlags {
  firstUserUsername?: string;
  firstUserEmail?: string;
  firstUserPassword?: string;
  firstUserFullName?: string;
  firstUserTrial?: boolean;
  useTokenAsSession?: boolean;
}

/** Accepts `host:port` or a full URL; local addresses default to http, others to https. */
export function normaliseUrl(raw: string): string {
  const withScheme = /^https?:\/\//i.test(raw)
    ? raw
    : `${/^(localhost|127\.|\[::1\])/i.test(raw) ? 'http' : 'https'}://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new CliError(`"${raw}" is not a URL.`);
  }
  return url.toString().replace(/\/$/, '');
}

export function registerLogin(program: Command, ctx: CommandContext): void {
  program
    .command('login')
    .description('Authenticate with a Warren deployment (offers to create the first user when there is none)')
    .argument('[url]', 'the deployment URL; defaults to the saved one or $CODER_URL')
    .option('--first-user-username <username>', 'username of the first user (env: CODER_FIRST_USER_USERNAME)')
    .option('--first-user-email <email>', 'email of the first user (env: CODER_FIRST_USER_EMAIL)')
    .option('--first-user-password <password>', 'password of the first user (env: CODER_FIRST_USER_PASSWORD)')
    .option('--first-user-full-name <name>', 'full name of the first user (env: CODER_FIRST_USER_FULL_NAME)')
    .option('--first-user-trial', 'accepted for compatibility; ignored')
    .option('--use-token-as-session', 'store the given --token itself instead of creating a new session')
    .action(async (rawUrl: string | undefined, flags: LoginFlags) => {
      const env = ctx.io.env;
      const prompter = new Prompter(ctx.io);
      const given = rawUrl ?? (await ctx.url());
      const url = normaliseUrl(given ?? (await prompter.text('Deployment URL:', 'the deployment URL argument')));
      const anon = new Client(url);
      await anon.buildInfo();

      let token = ctx.globalToken() ?? env.CODER_SESSION_TOKEN;
      if (!(await anon.hasFirstUser())) {
        token = await createFirstUser(ctx, anon, prompter, {
          username: flags.firstUserUsername ?? env.CODER_FIRST_USER_USERNAME,
          email: flags.firstUserEmail ?? env.CODER_FIRST_USER_EMAIL,
          password: flags.firstUserPassword ?? env.CODER_FIRST_USER_PASSWORD,
          name: flags.firstUserFullName ?? env.CODER_FIRST_USER_FULL_NAME,
        });
      } else if (!token) {
        // As Coder's CLI does: the dashboard's /cli-auth page shows a fresh token to paste.
        ctx.print(`Open the following in your browser to get a session token, then run '${selfName()} login ${url} --token <token>':\n\n\t${url}/cli-auth\n\nOr sign in here with your password.`);
        const email = await prompter.text('Email or username:', '--token (or CODER_SESSION_TOKEN)');
        const password = await prompter.secret('Password:', '--token');
        token = (await anon.login(email, password)).session_token;
      } else if (!flags.useTokenAsSession) {
        // Check the token works before saving it.
        await new Client(url, { sessionToken: token }).user('me');
      }
      const me = await new Client(url, { sessionToken: token }).user('me');
      await ctx.config.saveLogin(url, token);
      ctx.print(`Welcome to Warren, ${me.username}! You're authenticated.`);
    });
}

async function createFirstUser(
  ctx: CommandContext,
  anon: Client,
  prompter: Prompter,
  given: { username?: string; email?: string; password?: string; name?: string },
): Promise<string> {
  const allFlags = given.username && given.email && given.password;
  if (!allFlags && !(await prompter.yes('Would you like to create the first user?', '--first-user-username, --first-user-email and --first-user-password'))) {
    throw new CliError('No first user was created; log in again when you want to create one.');
  }
  const username =
    given.username ??
    (await prompter.text('What username would you like?', '--first-user-username', {
      default: os.userInfo().username.replace(/[^a-zA-Z0-9-]/g, '') || 'admin',
      validate: (v) => NAME_PATTERN.test(v) || 'Use letters, digits and single hyphens.',
    }));
  const email =
    given.email ?? (await prompter.text("What's your email?", '--first-user-email', { validate: (v) => /.+@.+/.test(v) || 'Enter an email address.' }));
  let password = given.password;
  if (!password) {
    password = await prompter.secret('Enter a password:', '--first-user-password');
    const again = await prompter.secret('Confirm password:', '--first-user-password');
    if (again !== password) throw new CliError('The passwords do not match.');
  }
  await anon.createFirstUser({ username, email, password, name: given.name });
  ctx.print(`User ${username} created as the owner of this deployment.`);
  return (await anon.login(email, password)).session_token;
}

export function registerLogout(program: Command, ctx: CommandContext): void {
  program
    .command('logout')
    .description('Unauthenticate the CLI: deletes the session on the server and forgets it here')
    .option('-y, --yes', 'bypass the confirmation prompt')
    .action(async (flags: { yes?: boolean }) => {
      const client = await ctx.client();
      if (!flags.yes && !(await new Prompter(ctx.io).yes('Are you sure you want to log out?', '--yes'))) return;
      await client.logout().catch(() => undefined);
      await ctx.config.clearSession();
      ctx.print(`You are no longer logged in. You can log in using '${selfName()} login ${client.url.toString().replace(/\/$/, '')}'.`);
    });
}

export function registerWhoami(program: Command, ctx: CommandContext): void {
  program
    .command('whoami')
    .description('Show which user and deployment the CLI is authenticated as')
    .action(async () => {
      const client = await ctx.client();
      const me = await client.user('me');
      ctx.print(`Warren is running at ${client.url.toString().replace(/\/$/, '')}, You're authenticated as ${me.username} !`);
    });
}
