/** `warren publickey`: the user's public key for Git over SSH in workspaces, as Coder prints it. */
import type { GitSSHKey } from '@warren/sdk';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { Prompter } from '../prompt';

export function registerPublickey(program: Command, ctx: CommandContext): void {
  program
    .command('publickey')
    .alias('pubkey')
    .description('Output your Warren public key used for Git operations')
    .option('--reset', "regenerate your public key; this requires updating the key on any services it's registered with")
    .option('-y, --yes', 'bypass confirmation prompts')
    .action(async (flags: { reset?: boolean; yes?: boolean }) => {
      const client = await ctx.client();
      if (flags.reset) {
        const question =
          'Confirm regenerate a new sshkey for your workspaces? This will require updating the key on any services it is registered with. This action cannot be reverted.';
        if (!flags.yes && !(await new Prompter(ctx.io).yes(question, '--yes'))) return;
        await client.request<GitSSHKey>('PUT', '/api/v2/users/me/gitsshkey');
      }
      const key = await client.request<GitSSHKey>('GET', '/api/v2/users/me/gitsshkey');
      ctx.print(
        [
          'This is your public key for using git in Warren. All clones with SSH will be authenticated automatically 🪄.',
          '',
          key.public_key.trim(),
          '',
          'Add to GitHub and GitLab:',
          '> https://github.com/settings/ssh/new',
          '> https://gitlab.com/-/profile/keys',
        ].join('\n'),
      );
    });
}
