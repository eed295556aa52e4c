// The coder provider as a filesystem-mirror package, installed and run by the real terraform
// (1.11 on PATH) through a CLI configuration named by TF_CLI_CONFIG_FILE.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terraform, writeCliConfig } from '../tfplugin/testing/terraform.js';
import { CODER_PROVIDER_VERSION, type ProviderMirror, terraformPlatform, writeProviderMirror } from './mirror.js';

const template = `
terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = ">= 2.0"
    }
  }
}

data "coder_workspace" "me" {}

resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
  dir  = "/home/\${data.coder_workspace.me.name}"
}

resource "coder_app" "hello" {
  agent_id = coder_agent.main.id
  slug     = "hello"
  url      = "http://localhost:8080"
}

resource "terraform_data" "workspace" {
  count = data.coder_workspace.me.start_count
  input = coder_agent.main.init_script
}
`;

let dir: string;
let mirror: ProviderMirror;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warren-provider-mirror-'));
  mirror = await writeProviderMirror({ dir: join(dir, 'mirror'), versions: [CODER_PROVIDER_VERSION, '0.7.0'], node: process.execPath });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the coder provider from a filesystem mirror', () => {
  it('writes the unpacked layout: a wrapper and one bundle per version', async () => {
    expect(mirror.packageDirs).toEqual([
      join(dir, 'mirror', 'registry.terraform.io/coder/coder', CODER_PROVIDER_VERSION, terraformPlatform()),
      join(dir, 'mirror', 'registry.terraform.io/coder/coder', '0.7.0', terraformPlatform()),
    ]);
    expect((await readdir(mirror.packageDirs[0]!)).sort()).toEqual(['provider.cjs', `terraform-provider-coder_v${CODER_PROVIDER_VERSION}`]);
    expect(mirror.cliConfig).toContain(`path    = "${join(dir, 'mirror')}"`);
  });

  it('inits, applies and stops through the real terraform', async () => {
    const work = join(dir, 'work');
    await rm(work, { recursive: true, force: true });
    await mkdir(work);
    await writeCliConfig(work, mirror.cliConfig);
    await writeFile(join(work, 'main.tf'), template);
    const env = (transition: string) => ({
      TF_REATTACH_PROVIDERS: '',
      CODER_AGENT_URL: 'https://warren.example/',
      CODER_AGENT_SCRIPT_linux_amd64: 'curl ${ACCESS_URL}bin/coder-linux-amd64 # ${AUTH_TYPE}',
      CODER_WORKSPACE_NAME: 'dev',
      CODER_WORKSPACE_TRANSITION: transition,
    });
    const init = await terraform(work, ['init'], env('start'));
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(await readFile(join(work, '.terraform.lock.hcl'), 'utf8')).toMatch(new RegExp(`version\\s+= "${CODER_PROVIDER_VERSION}"[\\s\\S]*"h1:`));

    const apply = await terraform(work, ['apply', '-auto-approve'], env('start'));
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    const shown = JSON.parse((await terraform(work, ['show', '-json'], env('start'))).stdout) as {
      values: { root_module: { resources: { address: string; values: Record<string, unknown> }[] } };
    };
    const values = Object.fromEntries(shown.values.root_module.resources.map((resource) => [resource.address, resource.values]));
    expect(values['coder_agent.main']).toMatchObject({ dir: '/home/dev', init_script: 'curl https://warren.example/bin/coder-linux-amd64 # token' });
    expect(values['data.coder_workspace.me']).toMatchObject({ name: 'dev', transition: 'start', start_count: 1 });
    expect(values['terraform_data.workspace[0]']).toBeDefined();

    const stop = await terraform(work, ['apply', '-auto-approve'], env('stop'));
    expect(stop.code).toBe(0);
    expect(stop.stdout).toContain('Resources: 0 added, 0 changed, 1 destroyed.');
  }, 120_000);
});
