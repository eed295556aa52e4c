import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client, Workspace } from '@warren/sdk';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../packages/cli/src/test-io';
import { waitFor } from '../../packages/server/src/agents/agents.testkit';
import { dockerForTests, ensureWarrenImages, IMAGE_BUILD_TIMEOUT_MS } from '../support/docker-images';
import { startTestServer, withOwner, type TestServer } from '../support/server';
import { agentOf } from './support/agent-workspace';

// Docker workspaces through the real server, a built-in daemon serving the docker provider
// in-process, real terraform and the real Docker engine: the docker starter template and Coder's
// own docker template text (test/fixtures/coder-docker-template, image name changed). The agent in
// the container downloads itself from the server's access URL: the server listens on 0.0.0.0, its
// access URL is http://127.0.0.1:<port>, and the templates rewrite 127.0.0.1 to
// host.docker.internal, which the container resolves to the bridge gateway (host-gateway).
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TEMPLATES = [
  { title: 'the docker starter template', key: 'starter', dir: path.join(ROOT, 'examples/templates/docker'), image: 'warren/workspace-base:bookworm', volumes: ['home'], inner: false },
  { title: "Coder's docker template text", key: 'coder', dir: path.join(ROOT, 'test/fixtures/coder-docker-template'), image: 'warren/workspace-base:bookworm', volumes: ['home'], inner: false },
  { title: 'the docker-in-docker template', key: 'dind', dir: path.join(ROOT, 'examples/templates/docker-in-docker'), image: 'warren/workspace-docker:bookworm', volumes: ['docker', 'home'], inner: true },
];

const docker = await dockerForTests();
const engine = new Docker();
const run = randomBytes(3).toString('hex');
const workspaceIds: string[] = [];

let server: TestServer;
let owner: Client;
let cliConfig: string;
const cli = (...argv: string[]) => runCli(['--global-config', cliConfig, '--url', server.url.toString(), '--token', owner.sessionToken!, ...argv]);

const byWorkspace = (id: string) => ({ filters: JSON.stringify({ label: [`coder.workspace_id=${id}`] }) });
const containersOf = (id: string) => engine.listContainers({ all: true, ...byWorkspace(id) });
const volumesOf = async (id: string) => (await engine.listVolumes(byWorkspace(id))).Volumes ?? [];

async function agentReady(name: string): Promise<Workspace> {
  return waitFor(`the agent of ${name} to be connected and ready`, async () => {
    const w = await owner.workspaceByOwnerAndName('me', name);
    const agent = agentOf(w);
    if (agent && ['start_error', 'start_timeout', 'shutdown_error'].includes(agent.lifecycle_state)) throw new Error(`agent ${agent.lifecycle_state}`);
    return agent?.status === 'connected' && agent.lifecycle_state === 'ready' && w;
  }, 120_000);
}

async function ssh(name: string, command: string): Promise<string> {
  const result = await cli('ssh', name, '--', command);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim();
}

describe.skipIf(!docker.ok)('Docker workspaces', () => {
  beforeAll(ensureWarrenImages, IMAGE_BUILD_TIMEOUT_MS);
  beforeAll(async () => {
    server = await startTestServer({ daemons: 1, flags: { 'http-address': '0.0.0.0:0' } });
    ({ client: owner } = await withOwner(server));
    cliConfig = mkdtempSync(path.join(os.tmpdir(), 'warren-e2e-docker-'));
  }, 300_000);

  afterAll(async () => {
    // Whatever a failed run left behind, found by the labels both templates put on everything.
    for (const id of workspaceIds) {
      for (const c of await containersOf(id).catch(() => [])) await engine.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
      for (const v of await volumesOf(id).catch(() => [])) await engine.getVolume(v.Name).remove().catch(() => undefined);
    }
    await server?.close();
  });

  describe.each(TEMPLATES)('$title', ({ key, dir, image, volumes, inner }) => {
    it('creates a container whose agent runs commands, keeps the home across stop and start, and removes container and volume on delete', async () => {
      const template = `docker-${key}-${run}`;
      const name = `${key}-${run}`;
      const push = await cli('templates', 'push', template, '-d', dir, '-y');
      expect(push.code, push.stdout + push.stderr).toBe(0);

      const created = await cli('create', name, '-t', template, '-y');
      // Recorded first, so that the clean-up finds what a failed build left.
      const { id } = await owner.workspaceByOwnerAndName('me', name);
      workspaceIds.push(id);
      expect(created.code, created.stdout + created.stderr).toBe(0);
      const ready = await agentReady(name);
      expect(ready.latest_build.resources.map((r) => `${r.type}.${r.name}`)).toEqual(expect.arrayContaining(['docker_container.workspace', 'docker_volume.home_volume']));

      if (key === 'starter') {
        // The container shows its image, name and home volume; the agent offers both apps.
        const resource = ready.latest_build.resources.find((r) => r.type === 'docker_container');
        expect(resource?.metadata?.map((m) => [m.key, m.value]).sort()).toEqual([['container', `coder-owner-${name}`], ['home volume', `coder-${id}-home`], ['image', image]]);
        expect(agentOf(ready)?.apps.map((a) => a.slug).sort()).toEqual(['code-server', 'terminal']);
      }
      const [container] = await containersOf(id);
      expect(container).toBeDefined();
      expect(container!.Names).toEqual([`/coder-owner-${name}`]);
      expect(container!.State).toBe('running');
      expect(container!.Image).toBe(image);
      expect(container!.Labels).toMatchObject({ 'coder.owner': 'owner', 'coder.workspace_name': name });
      const volumeNames = volumes.map((v) => `coder-${id}-${v}`);
      expect((await volumesOf(id)).map((v) => v.Name).sort()).toEqual(volumeNames);

      // The command runs inside the container: its hostname, the image's user, the volume's home.
      expect(await ssh(name, 'hostname; id -un; id -u; echo $HOME; cat /etc/debian_version')).toMatch(new RegExp(`^${name}\\ncoder\\n1000\\n/home/coder\\n12\\.`));
      const inContainer = await engine.getContainer(container!.Id).inspect();
      expect(inContainer.Config.Hostname).toBe(name);
      await ssh(name, 'echo kept > ~/notes.txt');
      if (inner) {
        // The workspace's own engine runs a container of a 2 MB image imported from busybox-static.
        const innerRun = 'mkdir -p /tmp/r/bin && cp /bin/busybox /tmp/r/bin/ && tar -C /tmp/r -c . | docker import - inner/busybox:1 >/dev/null && docker run --rm inner/busybox:1 /bin/busybox sh -c "echo inner-ok; /bin/busybox hostname"';
        expect(await ssh(name, innerRun)).toMatch(/^inner-ok\n[0-9a-f]{12}$/);
        expect(await ssh(name, "docker info --format '{{.Driver}}'")).toBe('overlay2');
      }

      const stopped = await cli('stop', name);
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(await containersOf(id)).toEqual([]);
      expect((await volumesOf(id)).map((v) => v.Name).sort()).toEqual(volumeNames);

      const started = await cli('start', name);
      expect(started.code, started.stderr).toBe(0);
      await agentReady(name);
      const [restarted] = await containersOf(id);
      expect(restarted?.Id).not.toBe(container!.Id);
      expect(await ssh(name, 'cat ~/notes.txt')).toBe('kept');
      // The inner engine's images live on their own volume and survive the restart too.
      if (inner) expect(await ssh(name, 'docker run --rm inner/busybox:1 /bin/busybox echo again')).toBe('again');

      const deleted = await cli('delete', name, '-y');
      expect(deleted.code, deleted.stderr).toBe(0);
      expect(await containersOf(id)).toEqual([]);
      expect(await volumesOf(id)).toEqual([]);
    }, 600_000);
  });
});
