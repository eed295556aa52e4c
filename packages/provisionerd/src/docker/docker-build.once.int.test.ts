// A workspace build of a template written like Coder's Docker starter, through the daemon's own
// path (withJobProviders + TerraformRunner + ConvertState) against the real engine: `init` is
// skipped because coder and docker are both served in-process, the state is read without
// `terraform show`, and the container carries the agent. A stop build keeps the home volume.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTar } from '@warren/node-kit/archive/tar-fixture.testkit';
import { convertState } from '../convert/convert-state.js';
import { stateModules, type TfState } from '../convert/terraform-json.js';
import { withJobProviders } from '../daemon/job-providers.js';
import { findTerraform } from '../terraform/terraform-binary.js';
import { TerraformRunner } from '../terraform/terraform-runner.js';
import type { BuildResult } from '../terraform/job-types.js';
import type { ProvisionLog, WorkspaceMetadata } from '../terraform/types.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage, removeLabelled, TEST_LABEL, testEngine } from './docker-engine.testkit.js';

const SUITE = 'docker-build';
const docker = await testEngine(SUITE);
const workspaceId = `a8a5b0f6-6f3a-4a8e-9b3e-${randomBytes(6).toString('hex')}`;

// Coder's docker template, with the image swapped for the test's busybox.
const template = `
terraform {
  required_providers {
    coder  = { source = "coder/coder" }
    docker = { source = "kreuzwerker/docker" }
  }
}
variable "docker_socket" {
  default = ""
  type    = string
}
provider "docker" {
  host = var.docker_socket != "" ? var.docker_socket : null
}
data "coder_provisioner" "me" {}
data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}
resource "coder_agent" "main" {
  arch = data.coder_provisioner.me.arch
  os   = "linux"
}
resource "docker_volume" "home_volume" {
  name = "coder-\${data.coder_workspace.me.id}-home"
  lifecycle {
    ignore_changes = all
  }
  labels {
    label = "coder.workspace_id"
    value = data.coder_workspace.me.id
  }
  labels {
    label = "${TEST_LABEL}"
    value = "${SUITE}"
  }
}
resource "docker_container" "workspace" {
  count      = data.coder_workspace.me.start_count
  image      = "${BUSYBOX_IMAGE}"
  name       = "coder-\${data.coder_workspace_owner.me.name}-\${lower(data.coder_workspace.me.name)}-${workspaceId.slice(-6)}"
  hostname   = data.coder_workspace.me.name
  entrypoint = ["sh", "-c", replace(coder_agent.main.init_script, "/localhost|127\\\\.0\\\\.0\\\\.1/", "host.docker.internal")]
  env        = ["CODER_AGENT_TOKEN=\${coder_agent.main.token}"]
  host {
    host = "host.docker.internal"
    ip   = "host-gateway"
  }
  volumes {
    container_path = "/home/coder"
    volume_name    = docker_volume.home_volume.name
    read_only      = false
  }
  labels {
    label = "${TEST_LABEL}"
    value = "${SUITE}"
  }
}
`;

const metadata = (transition: 'start' | 'stop' | 'destroy'): WorkspaceMetadata => ({
  coderUrl: 'http://localhost:3000',
  workspaceTransition: transition,
  workspaceName: 'Dev',
  workspaceOwner: 'alice',
  workspaceOwnerId: '0e9f5b3c-4a6e-4e11-8c55-3d3c2b8f7a01',
  workspaceId,
  workspaceBuildId: '5b0c0c3e-7d43-4a8b-9f55-8f7c5d1e2a10',
  templateId: '8f3c8f6e-1d2b-4c55-a6a4-3f0f4f9d2b11',
  templateName: 'docker',
  templateVersion: 'v1',
});

let root: string;
let runner: TerraformRunner;

describe.skipIf(!docker)('a Coder docker template built by the daemon path', () => {
  beforeAll(async () => {
    await ensureBusyboxImage(docker!);
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'warren-docker-build-'));
    runner = new TerraformRunner({
      terraform: await findTerraform({ env: process.env }),
      workRoot: path.join(root, 'work'),
      cacheDir: path.join(root, 'cache'),
      hostEnv: process.env,
      // The agent's script only needs to keep the container running here.
      agentScripts: { linux_amd64: 'echo agent for ${ACCESS_URL}; exec sleep 3600' },
      exitTimeoutMs: 5_000,
    });
  });

  afterAll(async () => {
    if (!docker) return;
    await removeLabelled(docker, SUITE);
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  async function build(transition: 'start' | 'stop' | 'destroy', state: Uint8Array | undefined, logs: ProvisionLog[]) {
    const result: BuildResult = await withJobProviders(['coder', 'docker'], async (provider) =>
      runner.runBuild({
        metadata: metadata(transition),
        templateArchive: await buildTar([{ name: 'main.tf', content: template }]),
        state,
        onLog: (log) => logs.push(log),
        ...provider,
      }));
    if (!result.ok) expect.fail(`build failed: ${result.error}\n${logs.map((log) => log.output).join('\n')}`);
    return result;
  }

  it('starts without init, reports the container with its agent, stops keeping the volume, and deletes', async () => {
    const logs: ProvisionLog[] = [];
    const started = await build('start', undefined, logs);
    expect(logs.some((log) => log.output.includes('Terraform init skipped'))).toBe(true);
    const resources = convertState(stateModules(JSON.parse(started.stateJson!) as TfState), started.graph).resources;
    const container = resources.find((resource) => resource.type === 'docker_container');
    expect(container?.agents.map((agent) => agent.name)).toEqual(['main']);
    expect(resources.find((resource) => resource.type === 'docker_volume')).toBeDefined();
    const name = `coder-alice-dev-${workspaceId.slice(-6)}`;
    const info = await docker!.getContainer(name).inspect();
    expect(info.State.Running).toBe(true);
    expect(info.Config.Hostname).toBe('Dev');
    expect(info.Config.Entrypoint?.[2]).toContain('agent for http://host.docker.internal:3000');

    const stopped = await build('stop', started.state, []);
    await expect(docker!.getContainer(name).inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect((await docker!.getVolume(`coder-${workspaceId}-home`).inspect()).Name).toBe(`coder-${workspaceId}-home`);

    await build('destroy', stopped.state, []);
    await expect(docker!.getVolume(`coder-${workspaceId}-home`).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});
