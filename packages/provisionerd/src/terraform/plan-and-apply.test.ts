import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTar } from '@warren/node-kit/archive/tar-fixture.testkit';
import { CODER_PROVIDER_ADDRESS } from '../provider/provider.js';
import { systemClock } from './clock.js';
import { parameterEnvName } from './environment.js';
import type { BuildOptions } from './job-types.js';
import { findTerraform } from './terraform-binary.js';
import { TerraformRunner } from './terraform-runner.js';
import { TimingRecorder } from './timings.js';
import type { ProvisionLog } from './types.js';

// Real terraform. A build whose coder provider is served in-process plans and applies in one
// `terraform apply`; the templates here use only built-in resources, so no provider is needed.

let root: string;
let runner: TerraformRunner;
let commandsFile: string;

const metadata = { coderUrl: 'https://warren.example', workspaceTransition: 'start', workspaceName: 'dev', workspaceOwner: 'alice' } as const;
const region = { name: 'region', value: 'eu-west' };

/** A build with the coder provider served; collects its logs, timings and each command's provider environment. */
async function build(mainTf: string, extra: Partial<BuildOptions> = {}) {
  const logs: ProvisionLog[] = [];
  const providerEnvs: { command: string; env: Readonly<Record<string, string>> }[] = [];
  const timings = new TimingRecorder(systemClock);
  const result = await runner.runBuild({
    templateArchive: await buildTar([{ name: 'main.tf', content: mainTf }]),
    onLog: (log) => logs.push(log),
    onCommand: (command, env) => providerEnvs.push({ command, env }),
    servedProviders: { coder: CODER_PROVIDER_ADDRESS },
    timings,
    metadata,
    parameters: [region],
    ...extra,
  });
  // The graph runs once per template and is no part of what is checked here.
  const commands = (await fs.readFile(commandsFile, 'utf8')).split('\n').filter((c) => c && c !== 'graph');
  await fs.rm(commandsFile, { force: true });
  return { result, logs, providerEnvs, commands, stages: timings.timings().filter((t) => t.resource.startsWith('coder_stage_') && t.stage !== 'graph') };
}

const stageOf = (logs: ProvisionLog[], output: string) => logs.find((log) => log.output === output)?.stage;

beforeAll(async () => {
  const terraform = await findTerraform({ env: process.env });
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'warren-plan-apply-'));
  commandsFile = path.join(root, 'commands.txt');
  const wrapper = path.join(root, 'terraform');
  await fs.writeFile(wrapper, `#!/bin/sh\necho "$1" >> "${commandsFile}"\nexec "${terraform.path}" "$@"\n`, { mode: 0o755 });
  const hostEnv = { ...process.env, TF_CLI_CONFIG_FILE: '/nonexistent/.terraformrc' };
  runner = new TerraformRunner({ terraform: { ...terraform, path: wrapper }, workRoot: path.join(root, 'work'), cacheDir: path.join(root, 'cache'), hostEnv });
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('a build planned and applied in one terraform process', () => {
  it('runs one apply, logs and times the plan and the apply as their own stages', async () => {
    const { result, logs, commands, stages } = await build('resource "terraform_data" "a" {\n  input = "x"\n}\noutput "o" {\n  value = terraform_data.a.output\n}\n');
    if (!result.ok) expect.fail(result.error);
    expect(commands).toEqual(['apply']);
    expect(stageOf(logs, 'Plan: 1 to add, 0 to change, 0 to destroy.')).toBe('Planning Infrastructure');
    // The planned outputs belong to the plan, as in a separate `terraform plan`; the applied ones to the apply.
    expect(logs.filter((log) => log.output === 'Outputs: 1').map((log) => log.stage)).toEqual(['Planning Infrastructure', 'Starting workspace']);
    expect(stageOf(logs, 'terraform_data.a: Creating...')).toBe('Starting workspace');
    expect(stageOf(logs, 'Apply complete! Resources: 1 added, 0 changed, 0 destroyed.')).toBe('Starting workspace');
    expect(stages.map((t) => [t.stage, t.state])).toEqual([['init', 'completed'], ['plan', 'completed'], ['apply', 'completed']]);
    const [, plan, apply] = stages;
    expect(plan!.end.getTime()).toBe(apply!.start.getTime());
    expect(JSON.parse(Buffer.from(result.state).toString())).toMatchObject({ resources: [{ type: 'terraform_data', name: 'a' }] });

    const destroyed = await build('resource "terraform_data" "a" {\n  input = "x"\n}\n', { state: result.state, metadata: { ...metadata, workspaceTransition: 'destroy' } });
    if (!destroyed.result.ok) expect.fail(destroyed.result.error);
    expect(destroyed.commands).toEqual(['apply']);
    expect(stageOf(destroyed.logs, 'Plan: 0 to add, 0 to change, 1 to destroy.')).toBe('Planning Infrastructure');
    expect(stageOf(destroyed.logs, 'Apply complete! Resources: 0 added, 0 changed, 1 destroyed.')).toBe('Destroying workspace');
  });

  it('tells the providers the plan environment while local-exec sees only what a separate apply would', async () => {
    const envFile = path.join(root, 'local-exec.env');
    const { result, providerEnvs } = await build(`resource "terraform_data" "env" {\n  provisioner "local-exec" {\n    command = "env > ${envFile}"\n  }\n}\n`);
    if (!result.ok) expect.fail(result.error);
    expect(providerEnvs.map((c) => c.command).filter((c) => c !== 'graph')).toEqual(['apply']);
    expect(providerEnvs[0]!.env[parameterEnvName('region')]).toBe('eu-west');
    const seen = await fs.readFile(envFile, 'utf8');
    expect(seen).toContain('CODER_WORKSPACE_NAME=dev\n');
    expect(seen).not.toContain('CODER_PARAMETER_');
  });

  it('fails a plan error as the plan, keeping no new state', async () => {
    const previous = new TextEncoder().encode('{"version":4}');
    const { result, logs, stages } = await build('resource "terraform_data" "a" {\n  input = var.undeclared\n}\n', { state: previous });
    expect(result).toMatchObject({ ok: false, canceled: false });
    expect(!result.ok && result.error).toMatch(/^terraform plan failed: /);
    expect(!result.ok && result.state).toBeUndefined();
    expect(logs.filter((log) => log.level === 'error').every((log) => log.stage === 'Planning Infrastructure')).toBe(true);
    expect(stages.map((t) => [t.stage, t.state])).toEqual([['init', 'completed'], ['plan', 'failed']]);
  });

  it('fails an apply error as the apply, keeping the partial state', async () => {
    const failing = 'resource "terraform_data" "ok" {}\nresource "terraform_data" "bad" {\n  depends_on = [terraform_data.ok]\n  provisioner "local-exec" {\n    command = "exit 3"\n  }\n}\n';
    const { result, stages } = await build(failing);
    expect(!result.ok && result.error).toMatch(/^terraform apply failed: /);
    const kept = !result.ok && result.state ? (JSON.parse(Buffer.from(result.state).toString()) as { resources: { name: string }[] }) : undefined;
    expect(kept?.resources.map((r) => r.name)).toContain('ok');
    expect(stages.map((t) => [t.stage, t.state])).toEqual([['init', 'completed'], ['plan', 'completed'], ['apply', 'failed']]);
  });

  it('plans and applies separately when a plan is asked for', async () => {
    const { result, commands } = await build('resource "terraform_data" "a" {}\n', { showPlan: true });
    if (!result.ok) expect.fail(result.error);
    expect(commands).toEqual(['plan', 'show', 'apply']);
    expect(JSON.parse(result.planJson ?? '')).toMatchObject({ resource_changes: [{ address: 'terraform_data.a' }] });
  });
});
