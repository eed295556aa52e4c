import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serveReattach, type ReattachServer } from './reattach.js';
import { EXAMPLE_ADDRESS, exampleProvider, type ExampleEvents } from './testing/example-provider.js';
import { terraform, writeCliConfig } from './testing/terraform.js';

const header = `
terraform {
  required_providers {
    example = { source = "warren/example" }
  }
}
provider "example" {
  greeting = "hi"
}
data "example_info" "me" {
  name = "alice"
}
`;

const things = (options: { label?: string; name?: string; size?: number } = {}) => `${header}
resource "example_thing" "a" {
  name  = "${options.name ?? 'first'}"
  size  = ${options.size ?? 3}
  label = ${options.label ? `"${options.label}"` : 'null'}
  tags  = { team = data.example_info.me.greeting }
  item {
    key   = "k1"
    value = "v1"
  }
  item {
    key = "k2"
  }
}
resource "example_thing" "b" {
  name = "ref-\${example_thing.a.id}"
}
`;

interface ShownResource {
  address: string;
  schema_version: number;
  values: Record<string, unknown>;
}

describe('terraform with a reattached provider', () => {
  let server: ReattachServer;
  let dir: string;
  let calls: string[] = [];
  const events: ExampleEvents = { created: [], updated: [], deleted: [] };

  const run = (...args: string[]) => terraform(dir, args, server.env);
  const ok = async (...args: string[]) => {
    const result = await run(...args);
    expect(result.stderr + result.stdout, `terraform ${args.join(' ')}`).not.toMatch(/Error/);
    expect(result.code).toBe(0);
    return result;
  };
  const shown = async () => {
    const state = JSON.parse((await ok('show', '-json')).stdout) as { values: { root_module: { resources: ShownResource[] } } };
    return Object.fromEntries(state.values.root_module.resources.map((resource) => [resource.address, resource]));
  };

  beforeAll(async () => {
    server = await serveReattach(exampleProvider(events), { address: EXAMPLE_ADDRESS, onCall: (method) => calls.push(method) });
    dir = await mkdtemp(join(tmpdir(), 'tfplugin-e2e-'));
    await writeCliConfig(dir);
    await writeFile(join(dir, 'main.tf'), things());
    await ok('init');
  });
  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    calls = [];
  });

  it('plans, applies and shows a resource, a dependent resource and a data source', async () => {
    const plan = await ok('plan');
    expect(plan.stdout).toContain('Plan: 2 to add, 0 to change, 0 to destroy.');
    expect(plan.stdout).toMatch(/name += \(known after apply\)/);
    expect(calls).toEqual(expect.arrayContaining(['GetProviderSchema', 'ConfigureProvider', 'ReadDataSource', 'PlanResourceChange']));

    await ok('apply', '-auto-approve');
    expect(calls).toContain('ApplyResourceChange');
    const resources = await shown();
    const a = resources['example_thing.a']!;
    expect(a.schema_version).toBe(1);
    expect(a.values).toMatchObject({
      name: 'first',
      size: 3,
      label: null,
      tags: { team: 'hi, alice' },
      item: [{ key: 'k1', value: 'v1', is_null: false }, { key: 'k2', value: null, is_null: true }],
    });
    expect(a.values.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(resources['example_thing.b']!.values).toMatchObject({ name: `ref-${a.values.id}`, size: 1 });
    expect(resources['data.example_info.me']!.values).toEqual({ id: 'alice', name: 'alice', greeting: 'hi, alice', port: 443 });
    expect(events.created).toEqual(['first', `ref-${a.values.id}`]);
  });

  it('updates in place, then replaces on a force-new change', async () => {
    await writeFile(join(dir, 'main.tf'), things({ label: 'blue' }));
    const update = await ok('apply', '-auto-approve');
    expect(update.stdout).toContain('0 added, 1 changed, 0 destroyed');
    expect(events.updated).toEqual(['first']);

    const before = (await shown())['example_thing.a']!.values.id;
    await writeFile(join(dir, 'main.tf'), things({ label: 'blue', name: 'second' }));
    const replace = await ok('apply', '-auto-approve');
    expect(replace.stdout).toContain('# example_thing.a must be replaced');
    expect(replace.stdout).toContain('2 added, 0 changed, 2 destroyed');
    const after = await shown();
    expect(after['example_thing.a']!.values).toMatchObject({ name: 'second', label: 'blue' });
    expect(after['example_thing.a']!.values.id).not.toBe(before);
    expect(events.deleted).toEqual([`ref-${before}`, 'first']); // dependents go first
  });

  it('reports diagnostics from validators with their attribute paths', async () => {
    await writeFile(join(dir, 'main.tf'), things({ name: 'Bad Name', size: 11 }));
    const result = await run('plan');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: Invalid value for "name"');
    expect(result.stderr).toContain('Use lower-case letters, digits and dashes.');
    expect(result.stderr).toContain('Error: Too big');
    expect(result.stderr).toMatch(/on main\.tf line \d+, in resource "example_thing" "a":\n\s+\d+:\s+size\s+= 11/);
  });

  it('upgrades state written with an older schema version', async () => {
    await writeFile(join(dir, 'main.tf'), things({ label: 'blue', name: 'second' }));
    const statePath = join(dir, 'terraform.tfstate');
    const state = JSON.parse(await readFile(statePath, 'utf8'));
    const a = state.resources.find((resource: { name: string }) => resource.name === 'a').instances[0];
    a.schema_version = 0;
    a.attributes = { ...a.attributes, title: a.attributes.name, name: undefined };
    state.serial += 1;
    await writeFile(statePath, JSON.stringify(state));

    const plan = await ok('plan');
    expect(calls).toContain('UpgradeResourceState');
    expect(plan.stdout).toContain('No changes.');
    await ok('apply', '-refresh-only', '-auto-approve');
    expect((await shown())['example_thing.a']).toMatchObject({ schema_version: 1, values: { name: 'second' } });
  });

  it('destroys everything', async () => {
    events.deleted.length = 0;
    await ok('destroy', '-auto-approve');
    expect(events.deleted).toHaveLength(2);
    expect(events.deleted[1]).toBe('second');
    expect((await ok('show', '-json')).stdout).not.toContain('example_thing');
  });
});

describe('terraform interrupted with ^C', () => {
  it('stops the provider, which ends the create in flight', async () => {
    const calls: string[] = [];
    const server = await serveReattach(exampleProvider(), { address: EXAMPLE_ADDRESS, onCall: (method) => calls.push(method) });
    const dir = await mkdtemp(join(tmpdir(), 'tfplugin-interrupt-'));
    try {
      await writeCliConfig(dir);
      await writeFile(join(dir, 'main.tf'), `${header}\nresource "example_slow" "s" {}\n`);
      expect((await terraform(dir, ['init'], server.env)).code).toBe(0);
      const interrupt = new AbortController();
      const applying = terraform(dir, ['apply', '-auto-approve'], server.env, interrupt.signal);
      await expect.poll(() => calls.includes('ApplyResourceChange'), { timeout: 20_000 }).toBe(true);
      interrupt.abort();
      const result = await applying;
      expect(calls).toContain('StopProvider');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Error: Interrupted');
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('terraform reattaching to a closed server', () => {
  it('fails the run without killing this process', async () => {
    const server = await serveReattach(exampleProvider(), { address: EXAMPLE_ADDRESS });
    await server.close();
    const dir = await mkdtemp(join(tmpdir(), 'tfplugin-closed-'));
    try {
      await writeCliConfig(dir);
      await writeFile(join(dir, 'main.tf'), header);
      const result = await terraform(dir, ['plan'], server.env);
      expect(result.code).toBe(1);
      expect(process.pid).toBeGreaterThan(0); // still running
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
