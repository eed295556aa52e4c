/**
 * `warren dotfiles URL`: clones (or, on later runs, pulls) a dotfiles repository into the config
 * folder and installs it as Coder does: the first install script found runs; without one, the
 * repository's dotfiles are symlinked into the home folder (or --symlink-dir).
 */
import { spawn } from 'node:child_process';
import { lstat, mkdir, readFile, rename, rm, stat, symlink, writeFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { Prompter } from '../prompt';

/** Coder's list, in its order of preference. */
export const INSTALL_SCRIPTS = ['install.sh', 'install', 'bootstrap.sh', 'bootstrap', 'script/bootstrap', 'setup.sh', 'setup', 'script/setup'];

interface Flags {
  symlinkDir?: string;
  branch?: string;
  repoDir?: string;
  yes?: boolean;
}

async function exists(p: string): Promise<'dir' | 'file' | 'link' | undefined> {
  const s = await lstat(p).catch(() => undefined);
  if (!s) return undefined;
  return s.isSymbolicLink() ? 'link' : s.isDirectory() ? 'dir' : 'file';
}

/** The first of Coder's install scripts the repository has, if any. */
export async function findInstallScript(repo: string): Promise<string | undefined> {
  for (const name of INSTALL_SCRIPTS) {
    const s = await stat(path.join(repo, name)).catch(() => undefined);
    if (s?.isFile()) return name;
  }
  return undefined;
}

/** Top-level dotfiles to link: hidden entries except Git's own (`.gitconfig` is kept). */
export async function dotfilesOf(repo: string): Promise<string[]> {
  return (await readdir(repo)).filter((n) => n.startsWith('.') && (!n.startsWith('.git') || n === '.gitconfig')).sort();
}

export function registerDotfiles(program: Command, ctx: CommandContext): void {
  program
    .command('dotfiles')
    .description('Personalize your workspace by applying a canonical dotfiles repository')
    .argument('<git_repo_url>', 'the dotfiles repository to clone')
    .option('--symlink-dir <dir>', 'the directory for the dotfiles symlink destinations; if empty, $HOME (env: CODER_SYMLINK_DIR)')
    .option('-b, --branch <branch>', 'the branch to clone; if empty, the default branch or the branch already checked out')
    .option('--repo-dir <dir>', 'the directory for the dotfiles repository, relative to the global config folder (env: CODER_DOTFILES_REPO_DIR) (default: dotfiles)')
    .option('-y, --yes', 'bypass confirmation prompts')
    .action(async (url: string, flags: Flags) => {
      const env = ctx.io.env;
      const out = (line: string) => ctx.print(line);
      const prompter = new Prompter(ctx.io);
      const confirm = async (question: string) => {
        if (flags.yes) return;
        if (!(await prompter.yes(question, '--yes'))) throw new CliError('Stopped: nothing was changed.');
      };
      if (!url.trim()) throw new CliError('Give the URL of a Git repository, e.g. warren dotfiles git@github.com:example/dotfiles.git.');
      const repoDirName = flags.repoDir ?? (env.CODER_DOTFILES_REPO_DIR || 'dotfiles');
      if (!repoDirName.trim()) throw new CliError('--repo-dir must not be empty.');
      const configDir = ctx.config.dir;
      const repo = path.resolve(configDir, repoDirName);
      const urlFile = path.join(configDir, 'dotfilesurl');
      const gitSsh = `${env.GIT_SSH_COMMAND || 'ssh'} -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no`;
      const git = (cwd: string, ...args: string[]) => run(ctx, 'git', args, cwd, { GIT_SSH_COMMAND: gitSsh });

      out('Checking if dotfiles repository already exists...');
      const found = await exists(repo);
      if (found && found !== 'dir') throw new CliError(`${repo} exists but is not a directory: move it away or choose another --repo-dir.`);
      let present = found === 'dir';
      let moved = false;
      if (present) {
        const previous = (await readFile(urlFile, 'utf8').catch(() => '')).trim();
        if (previous !== url) {
          const backup = `${repo}_backup_${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`;
          await confirm(`The dotfiles URL has changed from "${previous}" to "${url}".\n  Warren will back up the existing repository to ${backup}.\n\n  Continue?`);
          await rename(repo, backup);
          out('Done backing up dotfiles.');
          present = false;
          moved = true;
        }
      }

      if (present) {
        out(`Found dotfiles repository at ${repo}`);
        await confirm(`Pulling latest from ${url} into directory ${repo}.\n  Continue?`);
        if ((await git(repo, 'pull', '--ff-only')) !== 0) out('Failed to update repo, continuing...');
        if (flags.branch) {
          out(`Dotfiles git branch "${flags.branch}" specified`);
          const current = await capture('git', ['branch', '--show-current'], repo);
          if (current.trim() !== flags.branch) {
            const ok = (await git(repo, 'checkout', flags.branch)) === 0 && (await git(repo, 'pull', '--ff-only')) === 0;
            if (!ok) out(`Failed to use branch "${flags.branch}", continuing...`);
          }
        }
      } else {
        if (!moved) out(`Did not find dotfiles repository at ${repo}`);
        await confirm(`Cloning ${url} into directory ${repo}.\n\n  Continue?`);
        await mkdir(path.dirname(repo), { recursive: true, mode: 0o750 });
        const args = ['clone', url, repo, ...(flags.branch ? ['--branch', flags.branch] : [])];
        const code = await git(path.dirname(repo), ...args);
        if (code !== 0) throw new CliError(`git clone ${url} failed (exit code ${code}); see git's message above.`);
      }
      await mkdir(configDir, { recursive: true, mode: 0o700 });
      await writeFile(urlFile, url);

      const script = await findInstallScript(repo);
      if (script) {
        await confirm(`Running install script ${script}.\n\n  Continue?`);
        out(`Running ${script}...`);
        const file = path.join(repo, script);
        if (((await stat(file)).mode & 0o111) === 0) {
          throw new CliError(`Script "${script}" is not executable: run chmod +x ${script} in the repository and commit the change.`);
        }
        const code = await run(ctx, file, [], repo, {});
        if (code !== 0) throw new CliError(`Running ${script} failed with exit code ${code}.`);
        out('Dotfiles installation complete.');
        return;
      }

      const dotfiles = await dotfilesOf(repo);
      if (dotfiles.length === 0) {
        out('No install scripts or dotfiles found, nothing to do.');
        return;
      }
      await confirm('No install scripts found, symlinking dotfiles to home directory.\n\n  Continue?');
      const target = flags.symlinkDir || env.CODER_SYMLINK_DIR || env.HOME || os.homedir();
      await mkdir(target, { recursive: true });
      for (const name of dotfiles) {
        const from = path.join(repo, name);
        const to = path.join(target, name);
        out(`Symlinking ${from} to ${to}...`);
        const there = await exists(to);
        if (there === 'file' || there === 'dir') {
          out(`Moving ${to} to ${to}.bak...`);
          await rename(to, `${to}.bak`);
        } else if (there === 'link') {
          await rm(to);
        }
        await symlink(from, to);
      }
      out('Dotfiles installation complete.');
    });
}

/** Runs a program with the command's output streams; resolves with its exit code. */
function run(ctx: CommandContext, file: string, args: string[], cwd: string, extraEnv: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env: { ...process.env, ...ctx.io.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (c: Buffer) => ctx.io.stdout.write(c));
    child.stderr.on('data', (c: Buffer) => ctx.io.stderr.write(c));
    child.once('error', (err) => reject(new CliError(`Cannot run ${path.basename(file)}: ${err.message}`)));
    child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function capture(file: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString()));
    child.once('error', () => resolve(''));
    child.once('close', () => resolve(text));
  });
}
