// The in-process docker provider with the real terraform and the real Docker engine, served as a
// job serves it (withJobProviders: coder and docker through one TF_REATTACH_PROVIDERS, no init):
// apply of image + volume + network + container with `count = start_count`, a plan after apply
// with no changes, drift (a container removed by hand is created again), import, stop keeping the
// volume, destroy removing everything, a missing image's error, and a build from a Dockerfile.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobProvider, withJobProviders } from '../daemon/job-providers.js';
import { terraform, type TerraformResult, writeCliConfig } from '../tfplugin/testing/terraform.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage, removeLabelled, TEST_LABEL, testEngine } from './docker-engine.testkit.js';

const SUITE = 'docker-provider';
const docker = await testEngine(SUITE);
const run = randomBytes(4).toString('hex');
const prefix = `warren-test-${run}`;

const labels = `
  labels {
    label = "${TEST_LABEL}"
    value = "${SUITE}"
  }`;

const template = `
terraform {
  required_providers {
    coder  = { source = "coder/coder" }
    docker = { source = "kreuzwerker/docker" }
  }
}
provider "docker" {}
data "coder_workspace" "me" {}

resource "docker_image" "base" {
  name         = "${BUSYBOX_IMAGE}"
  keep_locally = true
}
resource "docker_volume" "home" {
  name = "${prefix}-home"
  ${labels}
  lifecycle {
    ignore_changes = all
  }
}
resource "docker_network" "net" {
  name = "${prefix}-net"
  ${labels}
}
resource "docker_container" "workspace" {
  count      = data.coder_workspace.me.start_count
  image      = docker_image.base.image_id
  name       = "${prefix}-ws"
  hostname   = data.coder_workspace.me.name
  entrypoint = ["sh", "-c", "echo ready > /home/coder/marker; exec sleep 3600"]
  env        = ["CODER_AGENT_TOKEN=secret", "A=b"]
  user       = "0"
  working_dir = "/home/coder"
  ${labels}
  host {
    host = "host.docker.internal"
    ip   = "host-gateway"
  }
  volumes {
    container_path = "/home/coder"
    volume_name    = docker_volume.home.name
    read_only      = false
  }
  volumes {
    container_path = "/etc/hostdir"
    host_path      = "/etc"
    read_only      = true
  }
  mounts {
    target = "/scratch"
    type   = "tmpfs"
  }
  networks_advanced {
    name    = docker_network.net.name
    aliases = ["workspace"]
  }
  ports {
    internal = 8080
  }
  capabilities {
    add  = ["NET_ADMIN"]
    drop = ["MKNOD"]
  }
  memory                = 128
  cpu_shares            = 512
  restart               = "unless-stopped"
  destroy_grace_seconds = 1
}
output "ip" {
  value = length(docker_container.workspace) > 0 ? docker_container.workspace[0].network_data[0].ip_address : ""
}
`;

let dir: string;

async function inDir(folder: string, body: (tf: (...args: string[]) => Promise<TerraformResult>) => Promise<void>, transition = 'start') {
  await withJobProviders(['coder', 'docker'], async (provider: JobProvider) => {
    const env = { ...(process.env as Record<string, string>), ...provider.extraEnv, CODER_WORKSPACE_TRANSITION: transition, CODER_WORKSPACE_NAME: 'dev' };
    provider.onCommand('plan', env, folder);
    await body((...args) => terraform(folder, args, env));
  });
}

function ok(result: TerraformResult): TerraformResult {
  if (result.code !== 0) expect.fail(`terraform exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

async function containerInfo(name: string): Promise<Docker.ContainerInspectInfo | undefined> {
  return docker!.getContainer(name).inspect().catch(() => undefined);
}

describe.skipIf(!docker)('docker provider served in-process to terraform', () => {
  beforeAll(async () => {
    await ensureBusyboxImage(docker!);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'warren-docker-provider-'));
    await writeCliConfig(dir, 'disable_checkpoint = true\n');
    await fs.writeFile(path.join(dir, 'main.tf'), template);
  });

  afterAll(async () => {
    if (!docker) return;
    await removeLabelled(docker, SUITE);
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('applies a workspace, plans no changes after, re-creates a removed container, stops keeping the volume, and destroys', async () => {
    await inDir(dir, async (tf) => {
      ok(await tf('apply', '-auto-approve'));
      const info = await containerInfo(`${prefix}-ws`);
      expect(info?.State.Running).toBe(true);
      expect(info?.Config.Hostname).toBe('dev');
      expect(info?.Config.Env).toEqual(expect.arrayContaining(['CODER_AGENT_TOKEN=secret', 'A=b']));
      expect(info?.Config.Labels?.[TEST_LABEL]).toBe(SUITE);
      expect(info?.HostConfig.ExtraHosts).toEqual(['host.docker.internal:host-gateway']);
      expect(info?.HostConfig.Binds).toEqual(expect.arrayContaining([`${prefix}-home:/home/coder:rw`, '/etc:/etc/hostdir:ro']));
      expect(info?.HostConfig.CapAdd).toEqual(['NET_ADMIN']);
      expect(info?.HostConfig.CapDrop).toEqual(['MKNOD']);
      expect(info?.HostConfig.Memory).toBe(128 * 1024 * 1024);
      expect(info?.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
      expect(Object.keys(info?.NetworkSettings.Networks ?? {})).toEqual([`${prefix}-net`]);
      expect(info?.NetworkSettings.Ports['8080/tcp']?.[0]?.HostPort).toMatch(/^\d+$/);
      const output = ok(await tf('output', '-raw', 'ip')).stdout;
      expect(output).toBe(info?.NetworkSettings.Networks[`${prefix}-net`]?.IPAddress);

      // State round-trips: a plan right after apply has nothing to do.
      const plan = await tf('plan', '-detailed-exitcode');
      expect(plan.stdout).toContain('No changes.');
      expect(plan.code).toBe(0);

      // Drift: the container removed by hand disappears from state and is created again.
      await docker!.getContainer(`${prefix}-ws`).remove({ force: true });
      const drifted = await tf('plan', '-detailed-exitcode');
      expect(drifted.code).toBe(2);
      expect(drifted.stdout).toContain('docker_container.workspace[0] will be created');
      ok(await tf('apply', '-auto-approve'));
      expect((await containerInfo(`${prefix}-ws`))?.State.Running).toBe(true);

      // A container stopped by hand while must_run holds is removed on refresh and created again.
      const stoppedId = (await containerInfo(`${prefix}-ws`))?.Id;
      await docker!.getContainer(`${prefix}-ws`).stop({ t: 0 });
      const restarted = ok(await tf('apply', '-auto-approve'));
      expect(restarted.stdout).toContain('1 added, 0 changed, 0 destroyed');
      const again = await containerInfo(`${prefix}-ws`);
      expect(again?.State.Running).toBe(true);
      expect(again?.Id).not.toBe(stoppedId);

      // An in-place update: the restart policy and memory limit change without a new container.
      const before = (await containerInfo(`${prefix}-ws`))?.Id;
      await fs.writeFile(path.join(dir, 'main.tf'), template.replace('memory                = 128', 'memory                = 96').replace('"unless-stopped"', '"always"'));
      const update = ok(await tf('apply', '-auto-approve'));
      expect(update.stdout).toContain('1 changed, 0 destroyed');
      const updated = await containerInfo(`${prefix}-ws`);
      expect(updated?.Id).toBe(before);
      expect(updated?.HostConfig.Memory).toBe(96 * 1024 * 1024);
      expect(updated?.HostConfig.RestartPolicy?.Name).toBe('always');
      await fs.writeFile(path.join(dir, 'main.tf'), template);
      ok(await tf('apply', '-auto-approve'));
    });

    // Stop (start_count = 0): the container goes, the home volume stays with its file.
    await inDir(dir, async (tf) => {
      ok(await tf('apply', '-auto-approve'));
      expect(await containerInfo(`${prefix}-ws`)).toBeUndefined();
      expect(await docker!.getVolume(`${prefix}-home`).inspect()).toMatchObject({ Name: `${prefix}-home` });
    }, 'stop');

    // Destroy: the container, the volume and the network are removed; the kept image stays.
    await inDir(dir, async (tf) => {
      ok(await tf('apply', '-auto-approve'));
      ok(await tf('destroy', '-auto-approve'));
    });
    expect(await containerInfo(`${prefix}-ws`)).toBeUndefined();
    await expect(docker!.getVolume(`${prefix}-home`).inspect()).rejects.toMatchObject({ statusCode: 404 });
    await expect(docker!.getNetwork(`${prefix}-net`).inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect(await docker!.getImage(BUSYBOX_IMAGE).inspect()).toMatchObject({ RepoTags: expect.arrayContaining([BUSYBOX_IMAGE]) });
  });

  it('imports a container, a volume and a network made outside terraform', async () => {
    const folder = await fs.mkdtemp(path.join(dir, 'import-'));
    await writeCliConfig(folder, 'disable_checkpoint = true\n');
    const name = `${prefix}-imported`;
    const volume = await docker!.createVolume({ Name: `${name}-vol`, Labels: { [TEST_LABEL]: SUITE } });
    const network = await docker!.createNetwork({ Name: `${name}-net`, Labels: { [TEST_LABEL]: SUITE } });
    const container = await docker!.createContainer({
      name, Image: BUSYBOX_IMAGE, Entrypoint: ['sleep', '3600'], Labels: { [TEST_LABEL]: SUITE },
      HostConfig: { RestartPolicy: { Name: 'no' } },
    });
    await container.start();
    await fs.writeFile(path.join(folder, 'main.tf'), `
terraform {
  required_providers {
    docker = { source = "kreuzwerker/docker" }
  }
}
resource "docker_container" "imported" {
  name       = "${name}"
  image      = "${BUSYBOX_IMAGE}"
  entrypoint = ["sleep", "3600"]
}
resource "docker_volume" "imported" {
  name = "${name}-vol"
  ${labels}
}
resource "docker_network" "imported" {
  name = "${name}-net"
  ${labels}
}
`);
    await inDir(folder, async (tf) => {
      ok(await tf('import', 'docker_container.imported', container.id));
      ok(await tf('import', 'docker_volume.imported', volume.name));
      ok(await tf('import', 'docker_network.imported', network.id));
      const state = JSON.parse(ok(await tf('show', '-json')).stdout) as { values: { root_module: { resources: Array<{ address: string; values: Record<string, unknown> }> } } };
      const byAddress = Object.fromEntries(state.values.root_module.resources.map((resource) => [resource.address, resource.values]));
      expect(byAddress['docker_container.imported']).toMatchObject({ id: container.id, name, image: BUSYBOX_IMAGE, entrypoint: ['sleep', '3600'], must_run: true });
      expect(byAddress['docker_volume.imported']).toMatchObject({ name: `${name}-vol`, driver: 'local' });
      expect(byAddress['docker_network.imported']).toMatchObject({ id: network.id, name: `${name}-net`, driver: 'bridge' });
      const plan = await tf('plan', '-detailed-exitcode');
      expect(plan.stdout, plan.stdout).not.toContain("must be replaced");
      expect(plan.stdout).not.toContain('will be created');
    });
  });

  it('fails with a sentence naming an image that is neither present nor pullable', async () => {
    const folder = await fs.mkdtemp(path.join(dir, 'missing-'));
    await writeCliConfig(folder, 'disable_checkpoint = true\n');
    const missing = `warren-test/absent-${run}:1`;
    await fs.writeFile(path.join(folder, 'main.tf'), `
terraform {
  required_providers {
    docker = { source = "kreuzwerker/docker" }
  }
}
resource "docker_container" "c" {
  name  = "${prefix}-missing"
  image = "${missing}"
}
`);
    await inDir(folder, async (tf) => {
      const result = await tf('apply', '-auto-approve');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Unable to find or pull image "${missing}"`);
      expect(result.stderr).toContain('not in the Docker engine\'s image store');
    });
    expect(await containerInfo(`${prefix}-missing`)).toBeUndefined();
  });

  it('builds an image from a Dockerfile context and runs a container from it', async () => {
    const folder = await fs.mkdtemp(path.join(dir, 'build-'));
    await writeCliConfig(folder, 'disable_checkpoint = true\n');
    await fs.mkdir(path.join(folder, 'context', 'files'), { recursive: true });
    await fs.writeFile(path.join(folder, 'context', 'files', 'greeting'), 'hello from the context\n');
    await fs.writeFile(path.join(folder, 'context', 'Containerfile'), `FROM ${BUSYBOX_IMAGE}
ARG WHO=nobody
LABEL ${TEST_LABEL}=${SUITE}
COPY files/greeting /greeting
RUN echo "built for $WHO" > /who
`);
    const image = `warren-test/built-${run}:latest`;
    await fs.writeFile(path.join(folder, 'main.tf'), `
terraform {
  required_providers {
    docker = { source = "kreuzwerker/docker" }
  }
}
resource "docker_image" "built" {
  name = "${image}"
  build {
    context    = "\${path.module}/context"
    dockerfile = "Containerfile"
    build_args = { WHO = "warren" }
    tag        = ["warren-test/built-${run}:extra"]
  }
  triggers = { dockerfile = filesha1("\${path.module}/context/Containerfile") }
}
resource "docker_container" "c" {
  name       = "${prefix}-built"
  image      = docker_image.built.image_id
  entrypoint = ["sh", "-c", "exec sleep 3600"]
  ${labels}
  upload {
    file       = "/etc/motd"
    content    = "uploaded before start"
    executable = true
  }
}
`);
    await inDir(folder, async (tf) => {
      ok(await tf('apply', '-auto-approve'));
      const built = await docker!.getImage(image).inspect();
      expect(built.RepoTags).toEqual(expect.arrayContaining([image, `warren-test/built-${run}:extra`]));
      const exec = await docker!.getContainer(`${prefix}-built`).exec({ Cmd: ['sh', '-c', 'cat /who /greeting /etc/motd; ls -l /etc/motd'], AttachStdout: true, AttachStderr: true });
      const stream = await exec.start({});
      const output = Buffer.concat(await stream.toArray()).toString('latin1');
      expect(output).toContain('built for warren');
      expect(output).toContain('hello from the context');
      expect(output).toContain('uploaded before start');
      expect(output).toMatch(/-rwxr--r--/);
      const plan = await tf('plan', '-detailed-exitcode');
      expect(plan.code).toBe(0);
      ok(await tf('destroy', '-auto-approve'));
    });
    await expect(docker!.getImage(image).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});
