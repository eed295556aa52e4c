import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTar } from '@warren/node-kit/archive/tar-fixture.testkit';
import { parameterEnvName } from './environment.js';
import { findTerraform, type TerraformBinary } from './terraform-binary.js';
import type { BuildResult, JobOptions } from './job-types.js';
import { TerraformRunner } from './terraform-runner.js';
import type { ProvisionLog, WorkspaceMetadata } from './types.js';

// Real terraform, with templates that use only the built-in terraform_data resource.

const template = `
variable "greeting" {
  type    = string
  default = "hello"
}

resource "terraform_data" "greeting" {
  input = var.greeting
}
`;

let terraform: TerraformBinary;
let root: string;
let runner: TerraformRunner;
let workRoot: string;
let logs: ProvisionLog[];

const hostEnv = { ...process.env, CODER_SESSION_TOKEN: 'host-secret', TF_CLI_CONFIG_FILE: '/nonexistent/.terraformrc' };
const metadata: WorkspaceMetadata = {
  coderUrl: 'https://warren.example',
  workspaceTransition: 'start',
  workspaceName: 'dev',
  workspaceOwner: 'alice',
  workspaceId: 'a8a5b0f6-6f3a-4a8e-9b3e-0d5f3f1c2a11',
  templateName: 'local',
  templateVersion: 'v1',
  workspaceOwnerGroups: ['Everyone'],
};

async function job(mainTf: string): Promise<JobOptions> {
  return { templateArchive: await buildTar([{ name: 'main.tf', content: mainTf }]), onLog: (log) => logs.push(log) };
}

/** A runner whose terraform first notes each command's name; `commands()` reads them back in order. */
async function recordingRunner(name: string) {
  const calls = path.join(root, `${name}.txt`);
  const wrapper = path.join(root, `terraform-${name}`);
  await fs.writeFile(wrapper, `#!/bin/sh\necho "$1" >> "${calls}"\nexec "${terraform.path}" "$@"\n`, { mode: 0o755 });
  return {
    runner: new TerraformRunner({ terraform: { ...terraform, path: wrapper }, workRoot, cacheDir: path.join(root, 'cache'), hostEnv }),
    commands: async () => (await fs.readFile(calls, 'utf8').catch(() => '')).split('\n').filter(Boolean),
    forget: () => fs.rm(calls, { force: true }),
  };
}

function expectSucceeded(result: BuildResult): asserts result is Extract<BuildResult, { ok: true }> {
  if (!result.ok) expect.fail(`build failed: ${result.error}\n${logs.map((log) => log.output).join('\n')}`);
}

beforeAll(async () => {
  terraform = await findTerraform({ env: process.env });
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'warren-runner-'));
  workRoot = path.join(root, 'work');
  runner = new TerraformRunner({
    terraform,
    workRoot,
    cacheDir: path.join(root, 'cache'),
    hostEnv,
    agentScripts: { linux_amd64: 'echo agent' },
    exitTimeoutMs: 5_000,
  });
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

beforeEach(() => {
  logs = [];
});

describe('TerraformRunner', () => {
  it('imports a template: plans for start and stop with the graph', async () => {
    const result = await runner.runImport({
      ...(await job(template)),
      variables: [{ name: 'greeting', value: 'from-var' }],
      metadata: { coderUrl: 'https://warren.example', workspaceOwnerGroups: ['Everyone'] },
    });
    if (!result.ok) expect.fail(result.error);
    for (const planned of [result.start, result.stop]) {
      const plan = JSON.parse(planned.planJson) as { planned_values: { root_module: { resources: { address: string; values: { input: string } }[] } } };
      expect(plan.planned_values.root_module.resources).toMatchObject([{ address: 'terraform_data.greeting', values: { input: 'from-var' } }]);
      expect(planned.graph).toContain('"[root] terraform_data.greeting (expand)"');
    }
    expect(logs).toContainEqual(expect.objectContaining({ level: 'info', stage: 'Detecting persistent resources', output: 'Plan: 1 to add, 0 to change, 0 to destroy.' }));
    expect(logs.some((log) => log.stage === 'Detecting ephemeral resources')).toBe(true);
    expect(logs.some((log) => log.output.includes('CLI configuration'))).toBe(false);
    expect(await fs.readdir(workRoot)).toEqual([]);
  });

  it('builds, rebuilds without changes from the stored state, then destroys', async () => {
    const first = await runner.runBuild({ ...(await job(template)), metadata });
    expectSucceeded(first);
    const state = JSON.parse(first.stateJson ?? '') as { values: { root_module: { resources: { address: string }[] } } };
    expect(state.values.root_module.resources.map((resource) => resource.address)).toEqual(['terraform_data.greeting']);
    expect(JSON.parse(Buffer.from(first.state).toString())).toMatchObject({ resources: [{ type: 'terraform_data', name: 'greeting' }] });
    expect(first.graph).toContain('terraform_data.greeting');
    expect(logs).toContainEqual(expect.objectContaining({ stage: 'Starting workspace', output: 'Apply complete! Resources: 1 added, 0 changed, 0 destroyed.' }));

    const second = await runner.runBuild({ ...(await job(template)), metadata, state: first.state, showPlan: true });
    expectSucceeded(second);
    const plan = JSON.parse(second.planJson ?? '') as { resource_changes: { change: { actions: string[] } }[] };
    expect(plan.resource_changes.map((change) => change.change.actions)).toEqual([['no-op']]);

    const destroyed = await runner.runBuild({ ...(await job(template)), metadata: { ...metadata, workspaceTransition: 'destroy' }, state: second.state });
    expectSucceeded(destroyed);
    expect(JSON.parse(Buffer.from(destroyed.state).toString())).toMatchObject({ resources: [] });
    expect(logs).toContainEqual(expect.objectContaining({ stage: 'Destroying workspace', output: 'Apply complete! Resources: 0 added, 0 changed, 1 destroyed.' }));
  });

  it('has nothing to do when deleting a workspace without state', async () => {
    const result = await runner.runBuild({ ...(await job(template)), metadata: { ...metadata, workspaceTransition: 'destroy' } });
    expect(result).toEqual({ ok: true, state: new Uint8Array(), stateJson: null, graph: '', planJson: null });
    expect(logs.map((log) => log.output)).toEqual(['The terraform state does not exist, there is nothing to do']);
  });

  it('reports a syntax error in the logs and the result, keeping the previous state', async () => {
    const previous = new TextEncoder().encode('{"version":4}');
    const result = await runner.runBuild({ ...(await job('resource "terraform_data" "a" {\n  input = \n}\n')), metadata, state: previous });
    expect(result).toMatchObject({ ok: false, canceled: false, state: previous });
    expect(!result.ok && result.error).toMatch(/^terraform init failed: Error: Invalid expression/);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', stage: 'Initializing Terraform Directory', output: 'Error: Invalid expression' }));
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', output: 'on main.tf line 2, in resource "terraform_data" "a":' }));
  });

  it('refuses an unsafe template archive', async () => {
    const result = await runner.runImport({
      templateArchive: await buildTar([{ name: '../main.tf', content: template }]),
      onLog: () => {},
      metadata: { coderUrl: '' },
    });
    expect(result).toMatchObject({ ok: false, canceled: false, error: expect.stringMatching(/^The template source archive was refused: .*"\.\."/) });
  });

  it('cancels a long apply promptly and keeps the partial state', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const result = await runner.runBuild({
      ...(await job('resource "terraform_data" "slow" {\n  provisioner "local-exec" {\n    command = "sleep 60"\n  }\n}\n')),
      metadata,
      signal: controller.signal,
      onLog: (log) => {
        logs.push(log);
        if (log.output.includes("Provisioning with 'local-exec'")) controller.abort();
      },
    });
    expect(result).toMatchObject({ ok: false, canceled: true });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(!result.ok && result.state && JSON.parse(Buffer.from(result.state).toString())).toMatchObject({ resources: [{ name: 'slow' }] });
  });

  it('gives terraform the environment contract and none of the host CODER_* variables', async () => {
    const envFile = path.join(root, 'env.txt');
    const result = await runner.runBuild({
      ...(await job(`resource "terraform_data" "env" {\n  provisioner "local-exec" {\n    command = "env > ${envFile}"\n  }\n}\n`)),
      metadata: { ...metadata, workspaceBuildId: 'b1', templateId: 't1' },
      parameters: [{ name: 'region', value: 'eu-west' }],
      extraEnv: { TF_REATTACH_PROVIDERS: '{}' },
    });
    expectSucceeded(result);
    const env = new Map(
      (await fs.readFile(envFile, 'utf8')).split('\n').filter((line) => line.includes('=')).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(env.has('CODER_SESSION_TOKEN')).toBe(false);
    expect(Object.fromEntries(env)).toMatchObject({
      CODER_AGENT_URL: 'https://warren.example',
      CODER_WORKSPACE_TRANSITION: 'start',
      CODER_WORKSPACE_NAME: 'dev',
      CODER_WORKSPACE_OWNER: 'alice',
      CODER_WORKSPACE_ID: metadata.workspaceId,
      CODER_WORKSPACE_BUILD_ID: 'b1',
      CODER_WORKSPACE_TEMPLATE_ID: 't1',
      CODER_WORKSPACE_TEMPLATE_NAME: 'local',
      CODER_WORKSPACE_TEMPLATE_VERSION: 'v1',
      CODER_WORKSPACE_OWNER_GROUPS: '["Everyone"]',
      CODER_AGENT_SCRIPT_linux_amd64: 'echo agent',
      TF_REATTACH_PROVIDERS: '{}',
      TF_CLI_CONFIG_FILE: path.join(root, 'cache', 'terraform.tfrc'),
    });
    // Parameter values are baked into the plan: apply (where local-exec runs) does not receive them.
    expect(env.has(parameterEnvName('region'))).toBe(false);
  });

  it('gives parameters to plan only, and no workspace variables to init, show and graph', async () => {
    const envFolder = path.join(root, 'env-per-command');
    await fs.mkdir(envFolder);
    const wrapper = path.join(root, 'terraform-wrapper');
    await fs.writeFile(wrapper, `#!/bin/sh\nenv > "${envFolder}/$1-$(date +%s%N).env"\nexec "${terraform.path}" "$@"\n`, { mode: 0o755 });
    const wrapped = new TerraformRunner({ terraform: { ...terraform, path: wrapper }, workRoot, cacheDir: path.join(root, 'cache'), hostEnv });
    const result = await wrapped.runBuild({
      ...(await job(template)),
      metadata,
      parameters: [{ name: 'region', value: 'eu-west' }],
      previousParameters: [{ name: 'region', value: 'us-east' }],
    });
    expectSucceeded(result);
    const envByCommand = new Map<string, string[]>();
    for (const file of (await fs.readdir(envFolder)).sort()) {
      const command = file.slice(0, file.indexOf('-'));
      envByCommand.set(command, [...(envByCommand.get(command) ?? []), await fs.readFile(path.join(envFolder, file), 'utf8')]);
    }
    // The template needs nothing installed (init is skipped), and the state is read from its file.
    expect([...envByCommand.keys()].sort()).toEqual(['apply', 'graph', 'plan']);
    const [planEnv] = envByCommand.get('plan') ?? [];
    expect(planEnv).toContain(`${parameterEnvName('region')}=eu-west\n`);
    expect(planEnv).toContain('CODER_PARAMETER_PREVIOUS_c697d2981bf416569a16cfbcdec1542b5398f3cc77d2b905819aa99c46ecf6f6=us-east\n');
    expect(planEnv).toContain('CODER_WORKSPACE_NAME=dev\n');
    expect(envByCommand.get('apply')?.[0]).not.toContain('CODER_PARAMETER_');
    for (const command of ['init', 'show', 'graph']) {
      for (const env of envByCommand.get(command) ?? []) {
        expect(env).not.toMatch(/^CODER_/m);
        expect(env).toContain('TF_PLUGIN_CACHE_DIR=');
      }
    }
  });

  it('imports in the time of two commands: the graph and both plans at once, each plan then its show', async () => {
    const events = path.join(root, 'events.txt');
    const wrapper = path.join(root, 'terraform-events');
    await fs.writeFile(wrapper, `#!/bin/sh\necho "start $1" >> "${events}"\n"${terraform.path}" "$@"\ncode=$?\necho "end $1" >> "${events}"\nexit $code\n`, { mode: 0o755 });
    const traced = new TerraformRunner({ terraform: { ...terraform, path: wrapper }, workRoot, cacheDir: path.join(root, 'cache'), hostEnv });
    const imported = await traced.runImport({ ...(await job(`${template}\n# traced\n`)), metadata: { coderUrl: '' } });
    if (!imported.ok) expect.fail(imported.error);
    const lines = (await fs.readFile(events, 'utf8')).split('\n').filter(Boolean);
    const at = (line: string, nth = 0) => lines.flatMap((l, i) => (l === line ? [i] : []))[nth] ?? Number.POSITIVE_INFINITY;
    expect(lines).toHaveLength(10);
    expect(at('start graph')).toBeLessThan(at('end plan'));
    expect(at('start plan', 1)).toBeLessThan(at('end plan'));
    expect(at('start show')).toBeGreaterThan(at('end plan'));
  });

  it('computes the graph while the variables are pending, plans with them once known, and fails with their error', async () => {
    const { runner: traced, commands: started, forget } = await recordingRunner('pending');
    // The variables arrive only once the graph has started.
    const pendingVariables = (async () => {
      while (!(await started()).includes('graph')) await new Promise((r) => setTimeout(r, 10));
      return [{ name: 'greeting', value: 'late' }];
    })();
    const imported = await traced.runImport({ ...(await job(`${template}\n# pending\n`)), pendingVariables, metadata: { coderUrl: '' } });
    if (!imported.ok) expect.fail(imported.error);
    expect((await started())[0]).toBe('graph');
    expect(JSON.parse(imported.start.planJson)).toMatchObject({ planned_values: { root_module: { resources: [{ values: { input: 'late' } }] } } });

    await forget();
    const refusal = Promise.reject(new Error('update job: the control plane refused'));
    refusal.catch(() => undefined); // as the daemon does: the runner awaits it later
    const refused = await traced.runImport({
      ...(await job(`${template}\n# refused\n`)),
      pendingVariables: refusal,
      metadata: { coderUrl: '' },
    });
    expect(refused).toMatchObject({ ok: false, error: 'update job: the control plane refused' });
    expect(await started()).toEqual(['graph']);
    expect(await fs.readdir(workRoot)).toEqual([]);
  });

  it('runs only the commands a job needs: the graph once per template, no init when nothing is installed', async () => {
    const { runner: counted, commands, forget } = await recordingRunner('counter');
    // One archive, as the server stores it once for the template version.
    const versionJob = await job(template);
    const imported = await counted.runImport({ ...versionJob, metadata: { coderUrl: '' } });
    if (!imported.ok) expect.fail(imported.error);
    expect((await commands()).sort()).toEqual(['graph', 'plan', 'plan', 'show', 'show']);
    expect(imported.stop.graph).toBe(imported.start.graph);
    expect(logs).toContainEqual(expect.objectContaining({ stage: 'Initializing Terraform Directory', output: expect.stringMatching(/^Terraform init skipped/) }));

    await forget();
    const built = await counted.runBuild({ ...versionJob, metadata });
    expectSucceeded(built);
    expect(await commands()).toEqual(['plan', 'apply']);
    expect(built.graph).toBe(imported.start.graph);
    expect(JSON.parse(built.stateJson ?? '')).toMatchObject({ values: { root_module: { resources: [{ address: 'terraform_data.greeting', values: { input: 'hello', output: 'hello' } }] } } });

    // A module call needs init; so does a provider that is not served.
    await forget();
    const withModule = await counted.runBuild({ ...(await job(`module "m" {\n  source = "./m"\n}\n`)), metadata });
    expect(withModule.ok).toBe(false);
    expect((await commands())[0]).toBe('init');
  });
});
