// warren dotfiles against real git: a bare repository made by the test, cloned over file://,
// pulled on later runs, its install script run or its dotfiles symlinked, as Coder does it.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-io';

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], { cwd, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
const tmp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `warren-dotfiles-${name}-`));

/** A bare repository with `files` committed (mode 0755 for names in `executable`); answers its file:// URL and a work tree to change it. */
function repository(files: Record<string, string>, executable: string[] = []): { url: string; work: string; commit: (files: Record<string, string>, message: string) => void } {
  const bare = path.join(tmp('bare'), 'dotfiles.git');
  git(os.tmpdir(), 'init', '--bare', '-q', bare);
  const work = path.join(tmp('work'), 'w');
  git(os.tmpdir(), 'clone', '-q', bare, work);
  const commit = (more: Record<string, string>, message: string) => {
    for (const [name, text] of Object.entries(more)) {
      mkdirSync(path.dirname(path.join(work, name)), { recursive: true });
      writeFileSync(path.join(work, name), text);
      if (executable.includes(name)) chmodSync(path.join(work, name), 0o755);
    }
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', message);
    git(work, 'push', '-q', 'origin', 'HEAD');
  };
  commit(files, 'first');
  return { url: `file://${bare}`, work, commit };
}

function setup() {
  const config = tmp('cfg');
  const home = tmp('home');
  const cli = (...argv: string[]) => runCli(['--global-config', config, 'dotfiles', ...argv], { HOME: home });
  return { config, home, cli };
}

const SCRIPT = (text: string) => `#!/bin/sh\nset -e\necho ${text} > "$HOME/marker"\necho running from $(pwd)\n`;

describe('warren dotfiles', () => {
  it('clones and runs install.sh, then pulls and runs it again', async () => {
    const repo = repository({ 'install.sh': SCRIPT('first'), '.bashrc': 'ignored when a script exists' }, ['install.sh']);
    const { config, home, cli } = setup();
    const dir = path.join(config, 'dotfiles');
    const first = await cli(repo.url, '--yes');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      ['Checking if dotfiles repository already exists...', `Did not find dotfiles repository at ${dir}`, 'Running install.sh...', `running from ${dir}`, 'Dotfiles installation complete.', ''].join('\n'),
    );
    expect(readFileSync(path.join(home, 'marker'), 'utf8')).toBe('first\n');
    expect(readFileSync(path.join(config, 'dotfilesurl'), 'utf8')).toBe(repo.url);
    expect(existsSync(path.join(home, '.bashrc'))).toBe(false);

    repo.commit({ 'install.sh': SCRIPT('second') }, 'second');
    const again = await cli(repo.url, '-y');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Found dotfiles repository at ${dir}\n`);
    expect(readFileSync(path.join(home, 'marker'), 'utf8')).toBe('second\n');
  });

  it('symlinks dotfiles without a script, backing up files in the way', async () => {
    const repo = repository({ '.bashrc': 'export FROM_DOTFILES=1\n', '.gitconfig': '[user]\n', '.gitignore': 'x\n', '.config/app.conf': 'a=1\n', 'README': 'not a dotfile\n' });
    const { config, home, cli } = setup();
    const target = tmp('links');
    writeFileSync(path.join(target, '.bashrc'), 'mine\n');
    const res = await cli(repo.url, '--yes', '--symlink-dir', target);
    expect(res.code).toBe(0);
    const dir = path.join(config, 'dotfiles');
    for (const name of ['.bashrc', '.config', '.gitconfig']) {
      expect(lstatSync(path.join(target, name)).isSymbolicLink()).toBe(true);
      expect(readlinkSync(path.join(target, name))).toBe(path.join(dir, name));
      expect(res.stdout).toContain(`Symlinking ${path.join(dir, name)} to ${path.join(target, name)}...\n`);
    }
    expect(existsSync(path.join(target, '.gitignore'))).toBe(false);
    expect(existsSync(path.join(target, '.git'))).toBe(false);
    expect(existsSync(path.join(target, 'README'))).toBe(false);
    expect(readFileSync(path.join(target, '.bashrc.bak'), 'utf8')).toBe('mine\n');
    expect(res.stdout).toContain(`Moving ${path.join(target, '.bashrc')} to ${path.join(target, '.bashrc.bak')}...`);
    expect(readFileSync(path.join(target, '.config', 'app.conf'), 'utf8')).toBe('a=1\n');
    // Running again replaces the links in place; nothing new is backed up.
    expect((await cli(repo.url, '--yes', '--symlink-dir', target)).stdout).not.toContain('Moving');
    // $HOME is the default destination.
    expect((await cli(repo.url, '--yes')).code).toBe(0);
    expect(readlinkSync(path.join(home, '.bashrc'))).toBe(path.join(dir, '.bashrc'));
  });

  it("finds scripts in script/ in Coder's order, and refuses one that is not executable", async () => {
    const nested = repository({ 'script/bootstrap': SCRIPT('bootstrapped'), 'setup': SCRIPT('not me') }, ['script/bootstrap', 'setup']);
    const a = setup();
    expect((await a.cli(nested.url, '--yes')).stdout).toContain('Running script/bootstrap...');
    expect(readFileSync(path.join(a.home, 'marker'), 'utf8')).toBe('bootstrapped\n');

    const plain = repository({ 'install.sh': SCRIPT('never') });
    const b = setup();
    const res = await b.cli(plain.url, '--yes');
    expect(res.code).toBe(1);
    expect(res.stderr.endsWith('\nerror: Script "install.sh" is not executable: run chmod +x install.sh in the repository and commit the change.\n')).toBe(true);
    expect(existsSync(path.join(b.home, 'marker'))).toBe(false);
  });

  it('clones the branch asked for into --repo-dir, and backs up the clone when the URL changes', async () => {
    const repo = repository({ 'install.sh': SCRIPT('main') }, ['install.sh']);
    git(repo.work, 'checkout', '-q', '-b', 'other');
    repo.commit({ 'install.sh': SCRIPT('other') }, 'other');
    const { config, home, cli } = setup();
    expect((await cli(repo.url, '--yes', '--branch', 'other', '--repo-dir', 'mine')).code).toBe(0);
    expect(readFileSync(path.join(home, 'marker'), 'utf8')).toBe('other\n');
    expect(git(path.join(config, 'mine'), 'branch', '--show-current').trim()).toBe('other');

    const moved = repository({ 'install.sh': SCRIPT('moved') }, ['install.sh']);
    const res = await runCli(['--global-config', config, 'dotfiles', moved.url, '--yes'], { HOME: home, CODER_DOTFILES_REPO_DIR: 'mine' });
    expect(res.stdout).toContain('Done backing up dotfiles.');
    expect(res.stdout).not.toContain('Did not find');
    expect(readFileSync(path.join(home, 'marker'), 'utf8')).toBe('moved\n');
    const backups = execFileSync('ls', [config], { encoding: 'utf8' }).split('\n').filter((n) => n.startsWith('mine_backup_'));
    expect(backups).toHaveLength(1);
  });

  it('asks before changing anything and explains failures', async () => {
    const repo = repository({ 'install.sh': SCRIPT('x') }, ['install.sh']);
    const { config, cli } = setup();
    const refused = await cli(repo.url);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('error: Missing --yes: it cannot be asked for because the input is not a terminal.\n');
    expect(existsSync(path.join(config, 'dotfiles'))).toBe(false);
    const missing = await cli(`file://${tmp('nothing')}/none.git`, '--yes');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/fatal: .*\nerror: git clone file:\/\/.+ failed \(exit code 128\); see git's message above\.\n$/s);
  });
});
