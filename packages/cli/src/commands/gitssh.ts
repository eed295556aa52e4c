/**
 * `warren gitssh -- <ssh arguments>` (hidden; the agent makes it every workspace's
 * GIT_SSH_COMMAND): runs the system's ssh with the workspace owner's Git SSH key, fetched with the
 * agent's token, added to the identities the user's SSH configuration already offers for the host
 * (`ssh -G` lists them; passing `-i` alone would turn ssh's default keys off).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AgentGitSSHKey } from '@warren/sdk';
import type { Command } from 'commander';
import { agentClientFrom } from '../agent-client';
import type { CommandContext } from '../context';
import { CliError } from '../io';

/** The identity files ssh would offer for these arguments' host, those that exist. */
export function configuredIdentityFiles(sshArgs: string[], home: string): string[] {
  const config = spawnSync('ssh', ['-G', ...sshArgs], { encoding: 'utf8' });
  const lines = config.status === 0 ? config.stdout.split('\n') : ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk'].map((f) => `identityfile ~/.ssh/${f}`);
  return lines
    .filter((l) => l.startsWith('identityfile '))
    .map((l) => l.slice('identityfile '.length).replace(/^~(?=\/)/, home))
    .filter((f) => existsSync(f));
}

export function registerGitssh(program: Command, ctx: CommandContext): void {
  program
    .command('gitssh', { hidden: true })
    .description("Wraps the system's ssh with the workspace owner's Git SSH key (GIT_SSH_COMMAND)")
    .argument('[args...]', 'the arguments git passes to ssh')
    .allowUnknownOption()
    .helpOption(false)
    .action(async (args: string[]) => {
      if (args.length === 0) throw new CliError('gitssh runs ssh for git: pass the ssh arguments after --.');
      const client = agentClientFrom(ctx.io.env);
      const identities = configuredIdentityFiles(args, ctx.io.env.HOME ?? os.homedir());
      const key = await client.request<AgentGitSSHKey>('GET', '/api/v2/workspaceagents/me/gitsshkey');
      const dir = mkdtempSync(path.join(os.tmpdir(), 'coder-gitsshkey-'));
      const keyFile = path.join(dir, 'key');
      try {
        writeFileSync(keyFile, key.private_key.endsWith('\n') ? key.private_key : `${key.private_key}\n`, { mode: 0o600 });
        const sshArgs = ['-i', keyFile, ...identities.flatMap((f) => ['-i', f]), ...args];
        const code = await new Promise<number>((resolve, reject) => {
          const ssh = spawn('ssh', sshArgs, { stdio: 'inherit', env: ctx.io.env as NodeJS.ProcessEnv });
          ssh.once('error', reject);
          ssh.once('exit', (status, signal) => resolve(status ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1)));
        });
        if (code !== 0) throw new CliError('', code);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
}
