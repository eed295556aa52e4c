// The coder provider with real terraform (1.11 on PATH), served per job the way the daemon does
// (withCoderProvider + TerraformRunner, the provider reading each command's environment): a template modelled on the Kubernetes walk-through, with
// terraform_data standing in for the Kubernetes resources.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTar } from '@warren/node-kit/archive/tar-fixture.testkit';
import { convertState } from '../convert/convert-state.js';
import { planModules, stateModules, type TfPlan, type TfState } from '../convert/terraform-json.js';
import { withCoderProvider } from '../daemon/coder-provider.js';
import type { BuildOptions, BuildResult } from '../terraform/job-types.js';
import { findTerraform } from '../terraform/terraform-binary.js';
import { TerraformRunner } from '../terraform/terraform-runner.js';
import type { ProvisionLog, WorkspaceMetadata } from '../terraform/types.js';

const template = `
terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = "~> 0.7.0"
    }
  }
}

provider "coder" {
  feature_use_managed_variables = true
}

data "coder_parameter" "cpu" {
  name         = "cpu"
  display_name = "CPU"
  description  = "The number of CPU cores"
  default      = "2"
  icon         = "/icon/memory.svg"
  mutable      = true
  option {
    name  = "Light machine (2 Cores)"
    value = "2"
  }
  option {
    name  = "Heavy Machine (8 Cores)"
    value = "8"
  }
}

data "coder_parameter" "memory" {
  name    = "memory"
  type    = "number"
  default = "2"
  mutable = true
  validation {
    min       = 1
    max       = 16
    monotonic = "increasing"
  }
}

data "coder_workspace" "me" {}

resource "coder_agent" "main" {
  os                     = "linux"
  arch                   = "amd64"
  startup_script_timeout = 180
  startup_script         = <<-EOT
    set -e
    fish /tmp/code/bootstrap.fish
  EOT
}

resource "coder_app" "code-server" {
  agent_id     = coder_agent.main.id
  slug         = "code-server"
  display_name = "code-server"
  icon         = "/icon/code.svg"
  url          = "http://localhost:9069?folder=/root/projects"
  subdomain    = false
  share        = "owner"

  healthcheck {
    url       = "http://localhost:9069/healthz"
    interval  = 3
    threshold = 10
  }
}

resource "terraform_data" "home" {
  input = "coder-\${lower(data.coder_workspace.me.owner)}-\${lower(data.coder_workspace.me.name)}-home"
}

resource "terraform_data" "pod" {
  count = data.coder_workspace.me.start_count
  input = {
    name    = "coder-\${lower(data.coder_workspace.me.owner)}-\${lower(data.coder_workspace.me.name)}"
    command = coder_agent.main.init_script
    token   = coder_agent.main.token
    cpu     = data.coder_parameter.cpu.value
    memory  = "\${data.coder_parameter.memory.value}Gi"
    labels  = { "com.coder.workspace.id" = data.coder_workspace.me.id, "com.coder.user.id" = data.coder_workspace.me.owner_id }
  }
}
`;

// An upstream lock file for another coder/coder version: reattach ignores it, nothing strips it.
const lockFile = `provider "registry.terraform.io/coder/coder" {
  version     = "2.4.0"
  constraints = "~> 2.4"
  hashes = ["h1:yaAwhlfdv9BEUDCGJw8G8PI1J4e3zkZ0CEpX6zG7pT8="]
}
`;

const metadata: WorkspaceMetadata = {
  coderUrl: 'https://coder.example.com/some/path',
  workspaceTransition: 'start',
  workspaceName: 'Dev',
  workspaceOwner: 'Alice',
  workspaceOwnerId: '0e9f5b3c-4a6e-4e11-8c55-3d3c2b8f7a01',
  workspaceId: 'a8a5b0f6-6f3a-4a8e-9b3e-0d5f3f1c2a11',
  workspaceBuildId: '5b0c0c3e-7d43-4a8b-9f55-8f7c5d1e2a10',
  templateId: '8f3c8f6e-1d2b-4c55-a6a4-3f0f4f9d2b11',
  templateName: 'kubernetes',
  templateVersion: 'v1',
};
const agentScripts = { linux_amd64: 'curl -fsSL ${ACCESS_URL}bin/coder-linux-amd64 | CODER_AGENT_AUTH=${AUTH_TYPE} sh' };

let root: string;
let runner: TerraformRunner;
let logs: ProvisionLog[];

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'warren-coder-provider-'));
  runner = new TerraformRunner({
    terraform: await findTerraform({ env: process.env }),
    workRoot: path.join(root, 'work'),
    cacheDir: path.join(root, 'cache'),
    hostEnv: process.env,
    agentScripts,
    exitTimeoutMs: 5_000,
  });
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});
beforeEach(() => {
  logs = [];
});

const archive = () => buildTar([{ name: 'main.tf', content: template }, { name: '.terraform.lock.hcl', content: lockFile }]);

async function build(options: Partial<BuildOptions> = {}): Promise<BuildResult> {
  const inputs = { metadata: options.metadata ?? metadata, parameters: options.parameters, previousParameters: options.previousParameters };
  return withCoderProvider(async (provider) =>
    runner.runBuild({ ...options, ...inputs, templateArchive: await archive(), onLog: (log) => logs.push(log), ...provider }));
}

function succeeded(result: BuildResult): Extract<BuildResult, { ok: true }> {
  if (!result.ok) expect.fail(`build failed: ${result.error}\n${logs.map((log) => log.output).join('\n')}`);
  return result;
}

interface ShownResource { address: string; schema_version: number; values: Record<string, any> }
function shown(stateJson: string | null): Record<string, ShownResource> {
  const state = JSON.parse(stateJson ?? '') as { values: { root_module: { resources: ShownResource[] } } };
  return Object.fromEntries(state.values.root_module.resources.map((resource) => [resource.address, resource]));
}

/** `terraform show -json` of a raw state, with the provider served as in a job. */
async function terraformShow(state: Uint8Array): Promise<string> {
  const dir = await fs.mkdtemp(path.join(root, 'show-'));
  await fs.writeFile(path.join(dir, 'main.tf'), template);
  await fs.writeFile(path.join(dir, 'terraform.tfstate'), state);
  await fs.writeFile(path.join(dir, 'terraformrc'), 'disable_checkpoint = true\n');
  return withCoderProvider(
    (provider) =>
      new Promise<string>((resolve, reject) => {
        const env = { ...process.env, ...provider.extraEnv, TF_CLI_CONFIG_FILE: path.join(dir, 'terraformrc') };
        execFile('terraform', ['show', '-json', '-no-color'], { cwd: dir, env, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
          error ? reject(new Error(`terraform show failed: ${stderr}`)) : resolve(stdout));
      }),
  );
}

/** What ConvertState reads of each resource, by address. */
function essentials(stateJson: string): Record<string, unknown> {
  const resources = Object.values(shown(stateJson)) as Array<ShownResource & Record<string, unknown>>;
  return Object.fromEntries(resources.map(({ address, mode, type, name, index, provider_name, schema_version, values }) =>
    [address, { mode, type, name, index, provider_name, schema_version, values }]));
}

describe('the coder provider served per job', () => {
  it('builds the workspace: values in state and in ConvertState', async () => {
    const started = performance.now();
    const result = succeeded(await build({ parameters: [{ name: 'cpu', value: '8' }, { name: 'memory', value: '4' }] }));
    const elapsed = performance.now() - started;
    const resources = shown(result.stateJson);
    const agent = resources['coder_agent.main']!;
    expect(agent.schema_version).toBe(1);
    expect(agent.values).toMatchObject({
      os: 'linux', arch: 'amd64', auth: 'token', connection_timeout: 120, startup_script_behavior: 'non-blocking', api_key_scope: 'all',
      init_script: 'curl -fsSL https://coder.example.com/bin/coder-linux-amd64 | CODER_AGENT_AUTH=token sh',
    });
    expect(agent.values.token).toMatch(/^[0-9a-f-]{36}$/);
    expect(resources['data.coder_workspace.me']!.values).toMatchObject({
      name: 'Dev', owner: 'Alice', owner_id: metadata.workspaceOwnerId, id: metadata.workspaceId, transition: 'start', start_count: 1,
      access_url: 'https://coder.example.com/some/path', access_port: 443, template_name: 'kubernetes', template_version: 'v1',
    });
    expect(resources['data.coder_parameter.cpu']!.values).toMatchObject({ value: '8', optional: true, form_type: 'radio', type: 'string' });
    expect(resources['data.coder_parameter.memory']!.values).toMatchObject({
      value: '4', form_type: 'input', validation: [{ min: 1, max: 16, min_disabled: false, max_disabled: false, monotonic: 'increasing' }],
    });
    expect(resources['terraform_data.pod[0]']!.values.output).toMatchObject({
      name: 'coder-alice-dev', cpu: '8', memory: '4Gi', token: agent.values.token, command: agent.values.init_script,
    });

    // The build read the state from its file; terraform show gives ConvertState the same values.
    expect(essentials(result.stateJson!)).toEqual(essentials(await terraformShow(result.state)));
    expect(logs).toContainEqual(expect.objectContaining({ stage: 'Initializing Terraform Directory', output: expect.stringMatching(/^Terraform init skipped/) }));

    const converted = convertState(stateModules(JSON.parse(result.stateJson!) as TfState), result.graph);
    const pod = converted.resources.find((resource) => resource.type === 'terraform_data' && resource.name === 'pod')!;
    expect(pod.agents).toMatchObject([{
      name: 'main', auth: { kind: 'token', token: agent.values.token }, operatingSystem: 'linux',
      scripts: [{ displayName: 'Startup Script', runOnStart: true }],
      apps: [{ slug: 'code-server', url: 'http://localhost:9069?folder=/root/projects', healthcheck: { url: 'http://localhost:9069/healthz', interval: 3, threshold: 10 } }],
    }]);
    expect(converted.parameters.map(({ name, options, defaultValue, mutable }) => ({ name, options: options.map((o) => o.value), defaultValue, mutable }))).toEqual([
      { name: 'cpu', options: ['2', '8'], defaultValue: '2', mutable: true },
      { name: 'memory', options: [], defaultValue: '2', mutable: true },
    ]);
    expect(converted.parameters[1]).toMatchObject({ validationMin: 1, validationMax: 16, validationMonotonic: 'increasing' });
    console.info(`coder provider: init+plan+show+apply+show+graph of the template took ${Math.round(elapsed)} ms`);

    // The next start rotates the agent token; stopping destroys the counted resources only.
    const restarted = succeeded(await build({ state: result.state }));
    expect(shown(restarted.stateJson)['coder_agent.main']!.values.token).not.toBe(agent.values.token);
    const stopped = succeeded(await build({ state: restarted.state, metadata: { ...metadata, workspaceTransition: 'stop' } }));
    const after = shown(stopped.stateJson);
    expect(after['data.coder_workspace.me']!.values).toMatchObject({ transition: 'stop', start_count: 0 });
    expect(Object.keys(after).filter((address) => address.startsWith('terraform_data'))).toEqual(['terraform_data.home']);
    expect(logs).toContainEqual(expect.objectContaining({ stage: 'Stopping workspace', output: 'Apply complete! Resources: 0 added, 0 changed, 1 destroyed.' }));
  });

  it('imports the template: each plan sees its own transition', async () => {
    const importMetadata = { coderUrl: 'https://coder.example.com', workspaceOwnerGroups: ['Everyone'] };
    const result = await withCoderProvider(async (provider) =>
      runner.runImport({ templateArchive: await archive(), metadata: importMetadata, onLog: (log) => logs.push(log), ...provider }));
    if (!result.ok) expect.fail(result.error);
    const start = JSON.parse(result.start.planJson) as TfPlan;
    const stop = JSON.parse(result.stop.planJson) as TfPlan;
    const addresses = (plan: TfPlan) => (plan as any).planned_values.root_module.resources.map((r: { address: string }) => r.address);
    expect(addresses(start)).toContain('terraform_data.pod[0]');
    expect(addresses(stop)).not.toContain('terraform_data.pod[0]');
    expect(addresses(stop)).toContain('terraform_data.home');
    const parameters = convertState(planModules(start), result.start.graph).parameters;
    expect(parameters.map((parameter) => parameter.name)).toEqual(['cpu', 'memory']);
  });

  it("serves each import plan its own command's environment: the stop plan reads transition stop", async () => {
    const importMetadata = { coderUrl: 'https://coder.example.com', workspaceOwnerGroups: ['Everyone'] };
    const commands: string[] = [];
    const result = await withCoderProvider(async (provider) =>
      runner.runImport({
        templateArchive: await archive(),
        metadata: importMetadata,
        onLog: (log) => logs.push(log),
        ...provider,
        onCommand: (command, env) => {
          commands.push(`${command}:${env.CODER_WORKSPACE_TRANSITION ?? '-'}`);
          provider.onCommand(command, env);
        },
      }));
    if (!result.ok) expect.fail(result.error);
    // Nothing to install (init skipped); the configuration graph (the same for both transitions,
    // and cached by the runner once computed for this template) runs at most once.
    expect(commands.filter((command) => !command.startsWith('graph'))).toEqual(['plan:start', 'show:-', 'plan:stop', 'show:-']);
    expect(commands.filter((command) => command.startsWith('graph')).length).toBeLessThanOrEqual(1);
    // Data sources read while planning are in the plan's prior_state.
    const workspace = (planJson: string) => {
      const plan = JSON.parse(planJson) as { prior_state: { values: { root_module: { resources: ShownResource[] } } } };
      return plan.prior_state.values.root_module.resources.find((resource) => resource.address === 'data.coder_workspace.me')!.values;
    };
    expect(workspace(result.start.planJson)).toMatchObject({ transition: 'start', start_count: 1 });
    expect(workspace(result.stop.planJson)).toMatchObject({ transition: 'stop', start_count: 0 });
  });

  it('plans start and stop at once with a second set of providers, each plan still reading its own transition', async () => {
    const importMetadata = { coderUrl: 'https://coder.example.com', workspaceOwnerGroups: ['Everyone'] };
    const commands: string[] = [];
    const recorded = (set: string, onCommand: NonNullable<BuildOptions['onCommand']>): NonNullable<BuildOptions['onCommand']> => (command, env, folder) => {
      if (command !== 'graph') commands.push(`${set} ${command}:${env.CODER_WORKSPACE_TRANSITION ?? '-'}`);
      onCommand(command, env, folder);
    };
    const result = await withCoderProvider((provider) =>
      withCoderProvider(async (second) =>
        runner.runImport({
          templateArchive: await archive(),
          metadata: importMetadata,
          onLog: (log) => logs.push(log),
          ...provider,
          onCommand: recorded('first', provider.onCommand),
          stopPlanProviders: { extraEnv: second.extraEnv, onCommand: recorded('second', second.onCommand) },
        })));
    if (!result.ok) expect.fail(result.error);
    // The stop plan started before the start plan's show, that is before the start plan had ended.
    expect(commands.indexOf('second plan:stop')).toBeGreaterThanOrEqual(0);
    expect(commands.indexOf('second plan:stop')).toBeLessThan(commands.indexOf('first show:-'));
    expect(commands.filter((c) => c.includes('plan:'))).toEqual(expect.arrayContaining(['first plan:start', 'second plan:stop']));
    const addresses = (planJson: string) => (JSON.parse(planJson) as any).planned_values.root_module.resources.map((r: { address: string }) => r.address);
    expect(addresses(result.start.planJson)).toContain('terraform_data.pod[0]');
    expect(addresses(result.stop.planJson)).not.toContain('terraform_data.pod[0]');
    // The job log reads as if the plans had run one after the other.
    const stagesInOrder = logs.map((log) => log.stage).filter((stage, i, all) => stage !== all[i - 1]);
    expect(stagesInOrder).toEqual(['Initializing Terraform Directory', 'Detecting persistent resources', 'Detecting ephemeral resources']);
  });

  it('fails the plan with the real provider diagnostics for invalid parameter values', async () => {
    const notAnOption = await build({ parameters: [{ name: 'cpu', value: '3' }] });
    expect(notAnOption).toMatchObject({ ok: false, error: 'terraform plan failed: Error: Value must be a valid option' });
    expect(logs.map((log) => log.output)).toContainEqual(expect.stringContaining('the value "3" must be defined as one of options'));

    logs = [];
    const belowMin = await build({ parameters: [{ name: 'memory', value: '0' }] });
    expect(belowMin).toMatchObject({ ok: false, error: "terraform plan failed: Error: Invalid parameter value according to 'validation' block" });
    expect(logs.map((log) => log.output)).toContainEqual(expect.stringContaining('value 0 is less than the minimum 1'));

    logs = [];
    const decreasing = await build({ parameters: [{ name: 'memory', value: '2' }], previousParameters: [{ name: 'memory', value: '4' }] });
    expect(decreasing.ok).toBe(false);
    expect(logs.map((log) => log.output)).toContainEqual(expect.stringContaining("parameter value '2' must be equal or greater than previous value: 4"));
  });
});
