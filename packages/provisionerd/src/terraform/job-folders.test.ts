import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJobFolder, removeJobFolder, removeStaleJobFolders } from './job-folders.js';

let root: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'warren-jobs-'));
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('job folders', () => {
  it('are created per job and removed with their content', async () => {
    const folder = await createJobFolder(path.join(root, 'work'), 'abc');
    expect(folder).toBe(path.join(root, 'work', 'Sessionabc'));
    await fs.writeFile(path.join(folder, 'terraform.tfstate'), '{}');
    await removeJobFolder(folder);
    expect(await fs.readdir(path.join(root, 'work'))).toEqual([]);
  });

  it('left behind for seven days are removed; others are kept', async () => {
    const now = new Date('2026-03-10T00:00:00Z');
    const stale = await createJobFolder(root, 'old');
    const recent = await createJobFolder(root, 'new');
    await fs.mkdir(path.join(root, 'not-a-job'));
    const eightDaysAgo = new Date(now.getTime() - 8 * 24 * 3600 * 1000);
    await fs.utimes(stale, eightDaysAgo, eightDaysAgo);
    await fs.utimes(path.join(root, 'not-a-job'), eightDaysAgo, eightDaysAgo);
    await fs.utimes(recent, now, now);
    await removeStaleJobFolders(root, now);
    expect((await fs.readdir(root)).sort()).toEqual(['Sessionnew', 'not-a-job']);
  });
});
