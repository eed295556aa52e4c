/**
 * `warren config-ssh`: writes one `Host warren.<workspace>` entry per workspace into the OpenSSH
 * config, between marked begin and end lines, each reaching its workspace through
 * `warren ssh --stdio` as ProxyCommand. Running it again replaces the section (idempotent).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { Prompter } from '../prompt';
import { selfCommand, selfName } from '../self';

export const SECTION_BEGIN = '# ------------START-WARREN-----------';
export const SECTION_END = '# ------------END-WARREN------------';

interface Flags {
  sshConfigFile?: string;
  dryRun?: boolean;
  yes?: boolean;
  sshHostPrefix: string;
}

const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);

/** The config with the Warren section replaced (or appended when there is none). */
export function replaceSection(config: string, section: string): string {
  const begin = config.indexOf(SECTION_BEGIN);
  const end = config.indexOf(SECTION_END);
  if (begin >= 0 && end < begin) throw new CliError(`The SSH config has "${SECTION_BEGIN}" without a matching end line; fix it by hand first.`);
  if (begin >= 0) return config.slice(0, begin) + section + config.slice(end + SECTION_END.length);
  const sep = config === '' ? '' : config.endsWith('\n\n') ? '' : config.endsWith('\n') ? '\n' : '\n\n';
  return `${config}${sep}${section}\n`;
}

export function renderSection(hosts: Array<{ host: string; target: string }>, proxy: string[]): string {
  const lines = [
    SECTION_BEGIN,
    '# This section is managed by warren. DO NOT EDIT.',
    '#',
    '# You should not hand-edit this section unless you are removing it, all',
    `# changes will be lost when running "${selfName()} config-ssh".`,
    '#',
  ];
  for (const { host, target } of hosts) {
    lines.push(
      `Host ${host}`,
      `\tHostName ${host}`,
      '\tConnectTimeout=0',
      '\tStrictHostKeyChecking=no',
      '\tUserKnownHostsFile=/dev/null',
      '\tLogLevel ERROR',
      `\tProxyCommand ${[...proxy, 'ssh', '--stdio', target].map(quote).join(' ')}`,
    );
  }
  lines.push(SECTION_END);
  return lines.join('\n');
}

export function registerConfigSsh(program: Command, ctx: CommandContext): void {
  program
    .command('config-ssh')
    .description(`Add an SSH Host entry for your workspaces, e.g. "ssh ${selfName()}.workspace"`)
    .option('--ssh-config-file <path>', 'the OpenSSH config file to change', path.join(os.homedir(), '.ssh', 'config'))
    .option('--ssh-host-prefix <prefix>', 'prefix of the host names', `${selfName()}.`)
    .option('--dry-run', 'print what would change without writing it')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (flags: Flags) => {
      const client = await ctx.client();
      const me = await client.user('me');
      const { workspaces } = await client.workspaces({ q: 'owner:me' });
      const hosts = workspaces
        .map((w) => ({ host: `${flags.sshHostPrefix}${w.name}`, target: `${me.username}/${w.name}` }))
        .sort((a, b) => a.host.localeCompare(b.host));
      const proxy = [...selfCommand(), '--global-config', ctx.config.dir];
      const url = program.opts<{ url?: string }>().url;
      if (url) proxy.push('--url', url);
      const file = flags.sshConfigFile!;
      const before = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return '';
        throw err;
      });
      const after = replaceSection(before, renderSection(hosts, proxy));
      if (after === before) {
        ctx.print(`${file} is up to date (${hosts.length} workspace${hosts.length === 1 ? '' : 's'}).`);
        return;
      }
      if (flags.dryRun) {
        ctx.print(`Dry run: ${file} would become:\n\n${after}`);
        return;
      }
      if (!flags.yes) {
        if (!ctx.io.interactive) throw new CliError(`Changing ${file} needs confirmation: run with --yes (or --dry-run to see the change).`);
        if (!(await new Prompter(ctx.io).yes(`Update ${file} with ${hosts.length} workspace host(s)?`, '--yes'))) return;
      }
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, after, { mode: 0o600 });
      ctx.print(`Updated ${file}: ${hosts.map((h) => h.host).join(', ') || 'no workspaces'}.\nYou should now be able to ssh into your workspaces, e.g.: ssh ${hosts[0]?.host ?? `${flags.sshHostPrefix}<workspace>`}`);
    });
}
