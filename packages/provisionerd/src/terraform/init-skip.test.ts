import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initNeeded } from './init-skip.js';

const served = { coder: 'registry.terraform.io/coder/coder' };
const folders: string[] = [];

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'warren-init-skip-'));
  folders.push(dir);
  for (const [name, content] of Object.entries(files)) await fs.writeFile(path.join(dir, name), content);
  return dir;
}

afterAll(async () => {
  for (const dir of folders) await fs.rm(dir, { recursive: true, force: true });
});

const coderOnly = `
terraform {
  required_providers {
    coder = { source = "coder/coder", version = ">= 2.0" }
  }
}
provider "coder" {}
data "coder_workspace" "me" {}
resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}
resource "terraform_data" "x" { input = data.coder_workspace.me.id }
`;

describe('initNeeded', () => {
  it('skips init for served and built-in providers only', async () => {
    expect(await initNeeded(await folder({ 'main.tf': coderOnly }), served)).toBe(false);
    expect(await initNeeded(await folder({ 'main.tf': 'resource "terraform_data" "x" {}\n' }), {})).toBe(false);
    const lock = 'provider "registry.terraform.io/coder/coder" {\n  version = "2.4.0"\n}\n';
    expect(await initNeeded(await folder({ 'main.tf': coderOnly, '.terraform.lock.hcl': lock }), served)).toBe(false);
  });

  it('runs init for anything else', async () => {
    const cases: Record<string, Record<string, string>> = {
      module: { 'main.tf': `${coderOnly}\nmodule "m" { source = "./m" }\n` },
      'another provider': { 'main.tf': `${coderOnly}\nresource "docker_container" "c" {}\n` },
      'a provider of the same name from elsewhere': { 'main.tf': 'terraform {\n  required_providers {\n    coder = { source = "example/coder" }\n  }\n}\n' },
      'an undeclared coder provider (hashicorp/coder)': { 'main.tf': 'resource "coder_agent" "a" {}\n' },
      backend: { 'main.tf': `${coderOnly}\nterraform {\n  backend "local" {}\n}\n` },
      'JSON configuration': { 'main.tf': coderOnly, 'extra.tf.json': '{}' },
      'an override file': { 'main.tf': coderOnly, 'override.tf': '' },
      'a syntax error': { 'main.tf': 'resource "terraform_data" "a" {\n  input = \n}\n' },
      'a lock file naming another provider': { 'main.tf': coderOnly, '.terraform.lock.hcl': 'provider "registry.terraform.io/hashicorp/null" {}\n' },
    };
    for (const [what, files] of Object.entries(cases)) {
      expect({ what, needed: await initNeeded(await folder(files), served) }).toEqual({ what, needed: true });
    }
  });
});
