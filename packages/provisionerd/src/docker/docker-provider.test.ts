// The docker provider without an engine: its schemas against provider 3.x's documented names,
// validation through the provider service, the configuration -> Engine API conversions, and the
// `--in-process-providers` flag's parsing.
import type { handleUnaryCall, sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { parseInProcessProviders, resolveInProcessProviders, withJobProviders } from '../daemon/job-providers.js';
import { resolveProvisionerStartConfig } from '../remote/options.js';
import { encodeMsgpack } from '../tfplugin/cty/msgpack.js';
import { createProviderService } from '../tfplugin/provider-service.js';
import { Diagnostic_Severity } from '../tfplugin/proto/tfplugin6.js';
import { blockType, type BlockSchema } from '../tfplugin/schema.js';
import { containerSchema } from './container-schema.js';
import { type ContainerConfig, createBody, formatGoDuration, goDurationNanos, nanoCpus, volumeBinding } from './container-spec.js';
import { unsupportedContainerArguments } from './container.js';
import { dockerClient, withDefaultTag } from './engine.js';
import { buildQuery, unsupportedBuild } from './image.js';
import { dockerProvider } from './provider.js';

function invoke<Req, Res>(handler: handleUnaryCall<Req, Res>, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    const callback: sendUnaryData<Res> = (error, response) => (error ? reject(error) : resolve(response!));
    handler({ request } as ServerUnaryCall<Req, Res>, callback);
  });
}

/** A configuration object with every attribute null and every nested block empty, then `values`. */
function configOf(schema: BlockSchema, values: Record<string, unknown>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const name of Object.keys(schema.attributes)) object[name] = null;
  for (const [name, nested] of Object.entries(schema.blocks ?? {})) object[name] = nested.nesting === 'list' || nested.nesting === 'set' ? [] : null;
  return { ...object, ...values };
}

const { implementation } = createProviderService(dockerProvider());

async function validate(typeName: string, values: Record<string, unknown>) {
  const schema = (dockerProvider().resources as Record<string, { schema: BlockSchema }>)[typeName]!.schema;
  const response = await invoke(implementation.validateResourceConfig, {
    typeName,
    config: { msgpack: encodeMsgpack(blockType(schema), configOf(schema, values) as never) },
  });
  return (response.diagnostics ?? []).filter((d) => d.severity === Diagnostic_Severity.ERROR).map((d) => `${d.summary}: ${d.detail}`);
}

describe('docker provider schemas (provider 3.x)', () => {
  it('declares the documented arguments of each resource, with the upstream schema versions', async () => {
    const { resourceSchemas, provider } = await invoke(implementation.getProviderSchema, {});
    const names = (type: string) => {
      const block = resourceSchemas![type]!.block!;
      return [...block.attributes!.map((a) => a.name!), ...block.blockTypes!.map((b) => b.typeName!)];
    };
    expect(Object.keys(resourceSchemas!).sort()).toEqual(['docker_container', 'docker_image', 'docker_network', 'docker_volume']);
    expect(resourceSchemas!.docker_container!.version).toBe(2);
    expect(resourceSchemas!.docker_volume!.version).toBe(1);
    expect(resourceSchemas!.docker_network!.version).toBe(1);
    expect(names('docker_container')).toEqual(expect.arrayContaining([
      'image', 'name', 'hostname', 'entrypoint', 'command', 'env', 'user', 'working_dir', 'labels', 'host', 'volumes', 'mounts',
      'networks_advanced', 'ports', 'privileged', 'runtime', 'capabilities', 'memory', 'cpu_shares', 'cpu_set', 'restart',
      'destroy_grace_seconds', 'must_run', 'start', 'id', 'network_data', 'exit_code', 'upload', 'healthcheck', 'ulimit', 'devices',
    ]));
    expect(names('docker_image')).toEqual(expect.arrayContaining(['name', 'keep_locally', 'build', 'triggers', 'image_id', 'repo_digest', 'pull_triggers', 'force_remove']));
    expect(names('docker_volume')).toEqual(expect.arrayContaining(['name', 'driver', 'driver_opts', 'labels', 'mountpoint']));
    expect(names('docker_network')).toEqual(expect.arrayContaining(['name', 'driver', 'internal', 'labels', 'ipam_config', 'ipam_driver', 'options', 'scope']));
    expect(provider!.block!.attributes!.map((a) => a.name)).toEqual(expect.arrayContaining(['host', 'cert_path', 'ca_material']));
    const host = provider!.block!.attributes!.find((a) => a.name === 'host')!;
    expect(host).toMatchObject({ optional: true, required: false });
  });

  it('has exactly the top-level names of provider 3.9 (container, volume and network without swarm-only `cluster`)', async () => {
    const { resourceSchemas } = await invoke(implementation.getProviderSchema, {});
    const names = (type: string) => {
      const block = resourceSchemas![type]!.block!;
      return [...block.attributes!.map((a) => a.name!), ...block.blockTypes!.map((b) => b.typeName!)].sort();
    };
    // From the provider's v3.9.0 docs/resources/*.md ("timeouts" is the SDK's own block, left out).
    expect(names('docker_container')).toEqual([
      'attach', 'bridge', 'capabilities', 'cgroup_parent', 'cgroupns_mode', 'command', 'container_logs', 'container_read_refresh_timeout_milliseconds',
      'cpu_period', 'cpu_quota', 'cpu_set', 'cpu_shares', 'cpus', 'destroy_grace_seconds', 'devices', 'dns', 'dns_opts', 'dns_search', 'domainname',
      'entrypoint', 'env', 'exit_code', 'gpus', 'group_add', 'healthcheck', 'host', 'hostname', 'id', 'image', 'init', 'ipc_mode', 'labels',
      'log_driver', 'log_opts', 'logs', 'max_retry_count', 'memory', 'memory_reservation', 'memory_swap', 'mounts', 'must_run', 'name',
      'network_data', 'network_mode', 'networks_advanced', 'pid_mode', 'ports', 'privileged', 'publish_all_ports', 'read_only', 'remove_volumes',
      'restart', 'rm', 'runtime', 'security_opts', 'shm_size', 'start', 'stdin_open', 'stop_signal', 'stop_timeout', 'storage_opts', 'sysctls',
      'tmpfs', 'tty', 'ulimit', 'upload', 'user', 'userns_mode', 'volumes', 'wait', 'wait_timeout', 'working_dir',
    ]);
    expect(names('docker_image')).toEqual(['build', 'force_remove', 'id', 'image_id', 'keep_locally', 'name', 'platform', 'pull_triggers', 'repo_digest', 'triggers']);
    expect(names('docker_volume')).toEqual(['driver', 'driver_opts', 'id', 'labels', 'mountpoint', 'name']);
    expect(names('docker_network')).toEqual([
      'attachable', 'check_duplicate', 'driver', 'id', 'ingress', 'internal', 'ipam_config', 'ipam_driver', 'ipam_options', 'ipv6', 'labels', 'name', 'options', 'scope',
    ]);
  });

  it('plans the upstream defaults and marks computed attributes', async () => {
    const { resourceSchemas } = await invoke(implementation.getProviderSchema, {});
    const attribute = (name: string) => resourceSchemas!.docker_container!.block!.attributes!.find((a) => a.name === name)!;
    expect(attribute('must_run')).toMatchObject({ optional: true, computed: true });
    expect(attribute('network_data')).toMatchObject({ computed: true, optional: false });
    expect(Buffer.from(attribute('env').type!).toString()).toBe('["set","string"]');
    expect(Buffer.from(attribute('network_data').type!).toString()).toContain('"list",["object"');
    const defaults = containerSchema.attributes;
    expect([defaults.must_run.options.default, defaults.start.options.default, defaults.restart.options.default, defaults.network_mode.options.default])
      .toEqual([true, true, 'no', 'bridge']);
  });
});

describe('docker provider validation', () => {
  it('refuses an unknown restart policy, a relative host path and a bad cpu_set with sentences', async () => {
    expect(await validate('docker_container', { name: 'a', image: 'b', restart: 'sometimes' }))
      .toEqual(['Invalid value for "restart": must be one of no, on-failure, always, unless-stopped, got "sometimes"']);
    expect(await validate('docker_container', { name: 'a', image: 'b', cpu_set: 'all' })).toHaveLength(1);
    const volumes = [{ from_container: null, container_path: '/x', host_path: 'relative/dir', volume_name: null, read_only: null }];
    expect((await validate('docker_container', { name: 'a', image: 'b', volumes }))[0]).toContain('must be an absolute path');
    expect(await validate('docker_container', { name: 'a', image: 'b', restart: 'unless-stopped' })).toEqual([]);
  });

  it('names the arguments the in-process provider does not carry out', async () => {
    expect(await validate('docker_container', { name: 'a', image: 'b', attach: true, gpus: 'all' }))
      .toEqual([expect.stringContaining('"attach", "gpus" are not supported by the in-process docker provider')]);
    expect(unsupportedContainerArguments({ wait: false, gpus: '' })).toBeUndefined();
    expect(unsupportedBuild({ builder: 'buildx', secrets: [] })).toContain('"builder" need a buildx builder');
    expect(unsupportedBuild({ context: '.', builder: null, cache_to: [] })).toBeUndefined();
  });
});

const baseContainer = configOf(containerSchema, { name: 'ws', image: 'img', must_run: true, start: true, network_mode: 'bridge', restart: 'no' }) as unknown as ContainerConfig;

describe('docker_container to the Engine API', () => {
  it('turns volumes, ports, hosts, capabilities and limits into a create body', () => {
    const body = createBody({
      ...baseContainer,
      hostname: 'dev',
      entrypoint: ['sh', '-c', 'init'],
      env: ['A=b'],
      labels: [{ label: 'coder.owner', value: 'alice' }],
      host: [{ host: 'host.docker.internal', ip: 'host-gateway' }],
      volumes: [
        { from_container: null, container_path: '/home/coder', host_path: null, volume_name: 'home', read_only: false },
        { from_container: null, container_path: '/etc/x', host_path: '/etc', volume_name: null, read_only: true },
        { from_container: null, container_path: '/anon', host_path: null, volume_name: null, read_only: null },
      ],
      ports: [{ internal: 8080, external: null, ip: '0.0.0.0', protocol: 'tcp' }, { internal: 53, external: 5353, ip: '127.0.0.1', protocol: 'udp' }],
      capabilities: [{ add: ['SYS_ADMIN'], drop: null }],
      memory: 512,
      memory_swap: -1,
      cpus: '1.5',
      cpu_shares: 256,
      restart: 'unless-stopped',
      healthcheck: [{ test: ['CMD', 'true'], interval: '1m30s', timeout: '500ms', start_period: '0s', start_interval: '0s', retries: 3 }],
    });
    expect(body).toMatchObject({
      name: 'ws', Image: 'img', Hostname: 'dev', Entrypoint: ['sh', '-c', 'init'], Env: ['A=b'], Labels: { 'coder.owner': 'alice' },
      ExposedPorts: { '8080/tcp': {}, '53/udp': {} },
      Volumes: { '/anon': {} },
      Healthcheck: { Test: ['CMD', 'true'], Interval: 90e9, Timeout: 500e6, Retries: 3 },
      HostConfig: {
        Binds: ['home:/home/coder:rw', '/etc:/etc/x:ro'],
        PortBindings: { '8080/tcp': [{ HostIp: '0.0.0.0', HostPort: '' }], '53/udp': [{ HostIp: '127.0.0.1', HostPort: '5353' }] },
        ExtraHosts: ['host.docker.internal:host-gateway'],
        CapAdd: ['SYS_ADMIN'], CapDrop: [],
        Memory: 512 * 1024 * 1024, MemorySwap: -1, NanoCpus: 1.5e9, CpuShares: 256,
        RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
        NetworkMode: 'bridge',
      },
    });
    expect(body).not.toHaveProperty('Cmd');
  });

  it('refuses a volumes block that names both a container and a path, or neither', () => {
    expect(() => volumeBinding({ from_container: 'c', container_path: '/x', host_path: null, volume_name: null, read_only: null })).toThrow('both from_container and container_path');
    expect(() => volumeBinding({ from_container: null, container_path: null, host_path: null, volume_name: 'v', read_only: null })).toThrow('needs container_path');
    expect(volumeBinding({ from_container: 'other', container_path: null, host_path: null, volume_name: null, read_only: null })).toEqual({ from: 'other' });
  });

  it('reads and prints Go durations and CPU counts', () => {
    expect([goDurationNanos('0s'), goDurationNanos('1m30s'), goDurationNanos('250ms'), goDurationNanos('1h'), goDurationNanos('soon')]).toEqual([0, 90e9, 250e6, 3600e9, undefined]);
    expect([formatGoDuration(0), formatGoDuration(90e9), formatGoDuration(250e6), formatGoDuration(3723e9)]).toEqual(['0s', '1m30s', '250ms', '1h2m3s']);
    expect(nanoCpus('0.5')).toBe(5e8);
    expect(() => nanoCpus('many')).toThrow('not a number of CPUs');
  });
});

describe('docker_image and the engine address', () => {
  it('builds the Engine API build query from a build block', () => {
    const query = buildQuery('app:1', {
      context: '.', dockerfile: 'Containerfile', build_args: { WHO: 'me' }, tag: ['app:latest'],
      target: 'final', no_cache: true, labels: { a: 'b' }, remove: true, memory: 0, ulimit: [{ name: 'nofile', hard: 10, soft: 5 }],
    });
    expect(query).toMatchObject({ t: ['app:1', 'app:latest'], dockerfile: 'Containerfile', buildargs: { WHO: 'me' }, target: 'final', nocache: true, rm: true, labels: { a: 'b' } });
    expect(query).not.toHaveProperty('memory');
    expect(JSON.parse(query.ulimits as string)).toEqual([{ Name: 'nofile', Hard: 10, Soft: 5 }]);
  });

  it('adds the latest tag only to names without a tag or digest', () => {
    expect([withDefaultTag('ubuntu'), withDefaultTag('localhost:5000/team/app'), withDefaultTag('app:1'), withDefaultTag('app@sha256:ab')])
      .toEqual(['ubuntu:latest', 'localhost:5000/team/app:latest', 'app:1', 'app@sha256:ab']);
  });

  it('connects to unix sockets and TCP engines, with TLS when certificates are given', () => {
    expect(dockerClient('unix:///run/docker.sock').modem).toMatchObject({ socketPath: '/run/docker.sock' });
    expect(dockerClient('tcp://10.0.0.5:2375').modem).toMatchObject({ host: '10.0.0.5', port: 2375, protocol: 'http' });
    expect(dockerClient('tcp://engine', { ca: 'x', cert: 'y', key: 'z' }).modem).toMatchObject({ host: 'engine', port: 2376, protocol: 'https' });
    expect(() => dockerClient('ssh://user@engine')).toThrow('Unsupported Docker host');
  });
});

describe('--in-process-providers', () => {
  it('takes a list or a comma-separated string, defaults to coder and docker, and refuses unknown names', () => {
    expect(resolveInProcessProviders(undefined)).toEqual(['coder', 'docker']);
    expect(resolveInProcessProviders('coder,docker')).toEqual(['coder', 'docker']);
    expect(resolveInProcessProviders(['docker'])).toEqual(['docker']);
    expect(parseInProcessProviders(['none'])).toEqual([]);
    expect(() => parseInProcessProviders(['coder', 'aws'])).toThrow('--in-process-providers: unknown provider "aws"; choose from coder, docker (or none).');
  });

  it('reaches the daemon from `warren provisioner start`', () => {
    expect(resolveProvisionerStartConfig({ 'in-process-providers': ['coder'] }).inProcessProviders).toEqual(['coder']);
    expect(resolveProvisionerStartConfig({ 'in-process-providers': 'coder,docker' }).inProcessProviders).toEqual(['coder', 'docker']);
    expect(() => resolveProvisionerStartConfig({ 'in-process-providers': ['dockr'] })).toThrow('unknown provider "dockr"');
  });

  it('serves only the providers listed, in one TF_REATTACH_PROVIDERS', async () => {
    const reattached = (env: Record<string, string>) => Object.keys(JSON.parse(env.TF_REATTACH_PROVIDERS ?? '{}') as object).sort();
    await withJobProviders(['coder', 'docker'], async ({ extraEnv, servedProviders }) => {
      expect(reattached(extraEnv)).toEqual(['registry.terraform.io/coder/coder', 'registry.terraform.io/kreuzwerker/docker']);
      expect(servedProviders).toEqual({ coder: 'registry.terraform.io/coder/coder', docker: 'registry.terraform.io/kreuzwerker/docker' });
    });
    await withJobProviders(['coder'], async ({ extraEnv, servedProviders }) => {
      expect(reattached(extraEnv)).toEqual(['registry.terraform.io/coder/coder']);
      expect(Object.keys(servedProviders)).toEqual(['coder']);
    });
    await withJobProviders([], async ({ extraEnv }) => expect(extraEnv).toEqual({}));
  });
});
