import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TfStateModule } from '../convert/terraform-json.js';
import { stateValues } from './state-values.js';

// A state read from its file must give ConvertState what `terraform show -json` gives it.

const root = `
resource "terraform_data" "single" { input = "one" }
resource "terraform_data" "counted" {
  count = 2
  input = { n = count.index, list = [1, "two"] }
}
resource "terraform_data" "keyed" {
  for_each = toset(["a", "b.c", "d\\"e"])
  input    = each.key
}
module "child" {
  source = "../child"
  count  = 2
}
module "named" {
  source   = "../child"
  for_each = toset(["x"])
}
`;
const child = `
resource "terraform_data" "inner" { input = path.module }
module "grandchild" { source = "../grandchild" }
`;
const grandchild = `resource "terraform_data" "leaf" { input = "leaf" }\n`;

let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'warren-state-values-'));
  await fs.mkdir(path.join(dir, 'main'));
  await fs.mkdir(path.join(dir, 'child'));
  await fs.mkdir(path.join(dir, 'grandchild'));
  await fs.writeFile(path.join(dir, 'main', 'main.tf'), root);
  await fs.writeFile(path.join(dir, 'child', 'main.tf'), child);
  await fs.writeFile(path.join(dir, 'grandchild', 'main.tf'), grandchild);
  await fs.writeFile(path.join(dir, 'terraformrc'), 'disable_checkpoint = true\n');
  const env = { ...process.env, TF_CLI_CONFIG_FILE: path.join(dir, 'terraformrc') };
  const tf = (...args: string[]) => execFileSync('terraform', args, { cwd: path.join(dir, 'main'), env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  tf('init', '-no-color', '-input=false');
  tf('apply', '-no-color', '-input=false', '-auto-approve');
  (globalThis as { shown?: string }).shown = tf('show', '-json', '-no-color');
}, 60_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** What ConvertState reads of a module, in a stable order. */
function essentials(module: TfStateModule | undefined): unknown {
  if (!module) return undefined;
  return {
    address: module.address,
    resources: (module.resources ?? []).map(({ address, mode, type, name, index, provider_name, schema_version, values }) => ({ address, mode, type, name, index, provider_name, schema_version, values })),
    child_modules: (module.child_modules ?? []).map(essentials),
  };
}

describe('stateValues', () => {
  it('reads a version 4 state file as terraform show -json does', async () => {
    const raw = await fs.readFile(path.join(dir, 'main', 'terraform.tfstate'));
    const fromFile = stateValues(raw);
    const shown = JSON.parse((globalThis as { shown?: string }).shown!) as { values: { root_module: TfStateModule } };
    expect(fromFile).toBeDefined();
    expect(essentials(fromFile!.values!.root_module)).toEqual(essentials(shown.values.root_module));
    // The case is not trivial: keyed, counted and nested instances are all there.
    const addresses = JSON.stringify(essentials(shown.values.root_module));
    for (const address of ['terraform_data.keyed[\\"d\\\\\\"e\\"]', 'module.child[1].module.grandchild.terraform_data.leaf', 'module.named[\\"x\\"].terraform_data.inner']) {
      expect(addresses).toContain(address);
    }
  });

  it('declines states it does not understand', () => {
    expect(stateValues(new TextEncoder().encode('{"version":3,"modules":[]}'))).toBeUndefined();
    expect(stateValues(new TextEncoder().encode('not json'))).toBeUndefined();
    expect(stateValues(new TextEncoder().encode('{"version":4,"resources":[{"module":"module.a.b","mode":"managed","type":"t","name":"n","instances":[]}]}'))).toBeUndefined();
  });
});
