import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// images/build.sh's plan, without Docker: `--list` prints the images in build order with their
// input hashes. The script is copied beside made-up image folders, since it builds the folders
// next to it.
const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../images/build.sh');

function imagesTree(dockerfiles: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warren-images-'));
  copyFileSync(SCRIPT, path.join(dir, 'build.sh'));
  for (const [name, text] of Object.entries(dockerfiles)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'Dockerfile'), text);
  }
  return dir;
}

function plan(dir: string): Array<[string, string]> {
  const out = execFileSync('bash', [path.join(dir, 'build.sh'), '--list'], { encoding: 'utf8', env: { ...process.env, WARREN_DEBIAN_MIRROR: 'http://mirror.invalid/debian' } });
  return out.trim().split('\n').map((line) => line.split(' ') as [string, string]);
}

describe('images/build.sh --list', () => {
  it('builds the debootstrap base first, then each image after the warren/* images it is FROM, the rest alphabetically', () => {
    const dir = imagesTree({
      alpha: 'FROM warren/zulu:bookworm\nRUN true\n',
      mike: 'FROM warren/debian:bookworm\n',
      zulu: 'FROM  warren/debian:bookworm AS base\n',
    });
    expect(plan(dir).map(([image]) => image)).toEqual(['warren/debian:bookworm', 'warren/zulu:bookworm', 'warren/alpha:bookworm', 'warren/mike:bookworm']);
  });

  it("changes an image's input hash when its folder or an image below it changes, and no other", () => {
    const dir = imagesTree({ app: 'FROM warren/base:bookworm\n', base: 'FROM warren/debian:bookworm\n', other: 'FROM warren/debian:bookworm\n' });
    const before = Object.fromEntries(plan(dir));
    expect(Object.values(before).every((hash) => /^[0-9a-f]{64}$/.test(hash))).toBe(true);
    expect(Object.fromEntries(plan(dir))).toEqual(before);

    writeFileSync(path.join(dir, 'base', 'motd'), 'hello\n');
    const after = Object.fromEntries(plan(dir));
    expect(after['warren/debian:bookworm']).toBe(before['warren/debian:bookworm']);
    expect(after['warren/other:bookworm']).toBe(before['warren/other:bookworm']);
    expect(after['warren/base:bookworm']).not.toBe(before['warren/base:bookworm']);
    expect(after['warren/app:bookworm']).not.toBe(before['warren/app:bookworm']);
  });

  it('refuses a Dockerfile FROM a warren image that no folder builds, naming both', () => {
    const dir = imagesTree({ app: 'FROM warren/missing:bookworm\n' });
    expect(() => execFileSync('bash', [path.join(dir, 'build.sh'), '--list'], { encoding: 'utf8', stdio: 'pipe' })).toThrow(
      /images\/app\/Dockerfile is FROM warren\/missing, which no images\/missing\/Dockerfile builds/,
    );
  });
});
