import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-io';

describe('warren templates init', () => {
  it.each([
    ['docker', 'warren/workspace-base:bookworm'],
    ['docker-in-docker', 'warren/workspace-docker:bookworm'],
  ])('writes the %s starter: the docker provider, a home volume and a counted container of %s', async (id, image) => {
    const target = path.join(mkdtempSync(path.join(os.tmpdir(), 'warren-init-')), id);
    const result = await runCli(['templates', 'init', '--id', id, target]);
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(target).sort()).toEqual(['README.md', 'main.tf']);
    const mainTf = readFileSync(path.join(target, 'main.tf'), 'utf8');
    expect(mainTf).toContain('source = "kreuzwerker/docker"');
    expect(mainTf).toMatch(/resource "docker_volume" "home_volume" \{[\s\S]*?lifecycle \{\s*ignore_changes = all/);
    expect(mainTf).toMatch(/resource "docker_container" "workspace" \{\s*count\s*= data\.coder_workspace\.me\.start_count/);
    expect(mainTf).toContain(`default     = "${image}"`);
  });

  it('names the starters when asked for one that does not exist', async () => {
    const result = await runCli(['templates', 'init', '--id', 'no-such-starter', path.join(os.tmpdir(), 'unused')]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Unknown example "no-such-starter"\. Examples: .*\bdocker, docker-in-docker\b/);
  });
});
