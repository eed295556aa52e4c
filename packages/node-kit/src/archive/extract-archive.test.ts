import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveError } from './archive-error.js';
import { extractArchive } from './extract-archive.js';
import { buildTar, type FixtureEntry } from './tar-fixture.testkit.js';

let root: string;
let target: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'warren-extract-'));
  target = path.join(root, 'job');
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function expectRefused(entries: FixtureEntry[], code: ArchiveError['code'], message: RegExp): Promise<void> {
  const error = await extractArchive(await buildTar(entries), target).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ArchiveError);
  expect((error as ArchiveError).code).toBe(code);
  expect((error as ArchiveError).message).toMatch(message);
  expect(await fs.readdir(root)).toEqual([]);
}

describe('extractArchive', () => {
  it('unpacks files, folders, inner links and hard links', async () => {
    const bytes = await buildTar([
      { name: './', type: 'directory' },
      { name: 'main.tf', content: 'terraform {}\n', mode: 0o644 },
      { name: 'scripts/', type: 'directory' },
      { name: 'scripts/run.sh', content: '#!/bin/sh\n', mode: 0o755 },
      { name: 'modules/a/x.tf', content: 'locals {}\n' },
      { name: 'modules/a/link.tf', type: 'symlink', linkname: '../../main.tf' },
      { name: 'copy.tf', type: 'link', linkname: 'main.tf' },
    ]);
    await extractArchive(bytes, target);
    expect(await fs.readFile(path.join(target, 'main.tf'), 'utf8')).toBe('terraform {}\n');
    expect((await fs.stat(path.join(target, 'scripts/run.sh'))).mode & 0o777).toBe(0o755);
    expect(await fs.readFile(path.join(target, 'modules/a/link.tf'), 'utf8')).toBe('terraform {}\n');
    expect(await fs.readlink(path.join(target, 'modules/a/link.tf'))).toBe('../../main.tf');
    expect(await fs.readFile(path.join(target, 'copy.tf'), 'utf8')).toBe('terraform {}\n');
  });

  it('lets a later file replace an earlier one of the same name', async () => {
    await extractArchive(await buildTar([{ name: 'a.tf', content: 'one' }, { name: 'a.tf', content: 'two' }]), target);
    expect(await fs.readFile(path.join(target, 'a.tf'), 'utf8')).toBe('two');
  });

  it('refuses absolute paths', async () => {
    await expectRefused([{ name: '/etc/passwd', content: 'x' }], 'unsafe_path', /absolute path/);
  });

  it('refuses ".." segments', async () => {
    await expectRefused([{ name: 'a/../../escape.tf', content: 'x' }], 'unsafe_path', /contains "\.\."/);
  });

  it('refuses symbolic links to absolute paths', async () => {
    await expectRefused([{ name: 'etc', type: 'symlink', linkname: '/etc' }], 'unsafe_link', /absolute path "\/etc"/);
  });

  it('refuses symbolic links that climb out of the folder', async () => {
    await expectRefused([{ name: 'a/up', type: 'symlink', linkname: '../../outside' }], 'unsafe_link', /outside the template/);
  });

  it('refuses links that escape through other links of the archive', async () => {
    await expectRefused(
      [
        { name: 'a/b', type: 'symlink', linkname: '..' },
        { name: 's', type: 'symlink', linkname: 'a/b' },
        { name: 't', type: 'symlink', linkname: 's/..' },
      ],
      'unsafe_link',
      /"t" points to "s\/\.\."/,
    );
  });

  it('refuses loops of links', async () => {
    await expectRefused(
      [
        { name: 'x', type: 'symlink', linkname: 'y' },
        { name: 'y', type: 'symlink', linkname: 'x' },
      ],
      'unsafe_link',
      /loop/,
    );
  });

  it('refuses files written through a symbolic link', async () => {
    await expectRefused(
      [
        { name: 'dir', type: 'symlink', linkname: 'real' },
        { name: 'dir/file.tf', content: 'x' },
      ],
      'unsafe_link',
      /inside "dir", which is a symbolic link/,
    );
  });

  it('refuses replacing a file with a symbolic link', async () => {
    await expectRefused(
      [
        { name: 'main.tf', content: 'x' },
        { name: 'main.tf', type: 'symlink', linkname: 'other.tf' },
      ],
      'conflicting_entry',
      /twice/,
    );
  });

  it('refuses hard links to paths that are not earlier files', async () => {
    await expectRefused([{ name: 'pw', type: 'link', linkname: '/etc/passwd' }], 'unsafe_path', /absolute path/);
    await expectRefused([{ name: 'pw', type: 'link', linkname: 'later.tf' }], 'unsafe_link', /not a file earlier/);
  });

  it('refuses device files and fifos', async () => {
    await expectRefused([{ name: 'null', type: 'character-device', devmajor: 1, devminor: 3 }], 'unsupported_entry', /character-device/);
    await expectRefused([{ name: 'sda', type: 'block-device', devmajor: 8, devminor: 0 }], 'unsupported_entry', /block-device/);
    await expectRefused([{ name: 'pipe', type: 'fifo' }], 'unsupported_entry', /fifo/);
  });

  it('bounds the size of one file, the total size and the number of entries', async () => {
    const limits = { maxEntries: 3, maxTotalBytes: 100, maxFileBytes: 60 };
    const run = async (entries: FixtureEntry[]) =>
      extractArchive(await buildTar(entries), target, limits).catch((error: ArchiveError) => error.code);
    expect(await run([{ name: 'big', content: 'x'.repeat(61) }])).toBe('too_large');
    expect(await run([{ name: 'a', content: 'x'.repeat(60) }, { name: 'b', content: 'x'.repeat(41) }])).toBe('too_large');
    expect(await run([{ name: 'a', content: 'x'.repeat(60) }, { name: 'b', type: 'link', linkname: 'a' }])).toBe('too_large');
    expect(await run(['a', 'b', 'c', 'd'].map((name) => ({ name, content: '' })))).toBe('too_many_entries');
  });

  it('refuses an extraction folder that is not empty', async () => {
    await fs.mkdir(target);
    await fs.writeFile(path.join(target, 'left-over'), '');
    await expect(extractArchive(await buildTar([{ name: 'a.tf', content: '' }]), target)).rejects.toThrow(/must be empty/);
  });
});
