// Conversions for `docker_container`: its configuration into the Engine API's create body, and the
// engine's inspect answer into the attributes the provider computes.
import type { ConfigOf, ValueOf } from '../tfplugin/index.js';
import type { containerSchema } from './container-schema.js';
import { labelsToMap } from './kit.js';

export type ContainerConfig = ConfigOf<typeof containerSchema>;
export type ContainerState = ValueOf<typeof containerSchema>;

const MIB = 1024 * 1024;

/** Go's duration text (`1m30s`, `500ms`, `0s`) in nanoseconds; undefined when not one. */
export function goDurationNanos(text: string): number | undefined {
  if (text === '0') return 0;
  const units: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) return undefined;
  return Math.round(parts.reduce((total, [, value, unit]) => total + Number(value) * units[unit!]!, 0));
}

/** Nanoseconds as Go prints a duration (`1m30s`, `500ms`, `0s`), as the engine's values read back. */
export function formatGoDuration(nanos: number): string {
  if (nanos === 0) return '0s';
  if (nanos < 1e9) return nanos % 1e6 === 0 ? `${nanos / 1e6}ms` : nanos % 1e3 === 0 ? `${nanos / 1e3}µs` : `${nanos}ns`;
  let seconds = nanos / 1e9;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const secondsText = `${Number(seconds.toFixed(9))}s`;
  return hours > 0 ? `${hours}h${minutes}m${secondsText}` : minutes > 0 ? `${minutes}m${secondsText}` : secondsText;
}

/** `1.5` CPUs → 1500000000 nano-CPUs. */
export function nanoCpus(cpus: string): number {
  const value = Number(cpus);
  if (!Number.isFinite(value) || value < 0) throw new Error(`"${cpus}" is not a number of CPUs such as 1.5.`);
  return Math.round(value * 1e9);
}

/** A volumes block's bind (`name:/path:rw`), or the anonymous volume's path, or the container to take volumes from. */
export function volumeBinding(volume: ContainerConfig['volumes'][number]):
  { bind: string } | { anonymous: string } | { from: string } {
  const source = volume.volume_name || volume.host_path || '';
  if (volume.from_container) {
    if (volume.container_path) throw new Error('A volumes block sets both from_container and container_path; set one.');
    return { from: volume.from_container };
  }
  if (!volume.container_path) throw new Error('A volumes block needs container_path (or from_container).');
  if (source) return { bind: `${source}:${volume.container_path}:${volume.read_only ? 'ro' : 'rw'}` };
  return { anonymous: volume.container_path };
}

function mountsOf(mounts: ContainerConfig['mounts']) {
  return mounts.map((mount) => {
    const bind = mount.bind_options[0];
    const volume = mount.volume_options[0];
    const tmpfs = mount.tmpfs_options[0];
    return {
      Target: mount.target,
      Type: mount.type,
      ...(mount.source && { Source: mount.source }),
      ReadOnly: mount.read_only === true,
      ...(bind?.propagation && { BindOptions: { Propagation: bind.propagation } }),
      ...(volume && {
        VolumeOptions: {
          NoCopy: volume.no_copy === true,
          Labels: labelsToMap(volume.labels),
          ...(volume.subpath && { Subpath: volume.subpath }),
          ...((volume.driver_name || volume.driver_options) && {
            DriverConfig: { Name: volume.driver_name ?? '', Options: volume.driver_options ?? {} },
          }),
        },
      }),
      ...(tmpfs && {
        TmpfsOptions: { ...(tmpfs.size_bytes && { SizeBytes: tmpfs.size_bytes }), ...(tmpfs.mode && { Mode: tmpfs.mode }) },
      }),
    };
  });
}

/** The body of `POST /containers/create` for a configuration (defaults applied by terraform's plan). */
export function createBody(config: ContainerConfig): Record<string, unknown> {
  const binds: string[] = [];
  const anonymous: Record<string, object> = {};
  const volumesFrom: string[] = [];
  for (const volume of config.volumes) {
    const binding = volumeBinding(volume);
    if ('bind' in binding) binds.push(binding.bind);
    else if ('anonymous' in binding) anonymous[binding.anonymous] = {};
    else volumesFrom.push(binding.from);
  }
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const port of config.ports) {
    const key = `${port.internal}/${port.protocol ?? 'tcp'}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: port.ip ?? '0.0.0.0', HostPort: port.external ? String(port.external) : '' });
  }
  const capabilities = config.capabilities[0];
  const health = config.healthcheck[0];
  const seconds = (text: string | null) => goDurationNanos(text ?? '0s') ?? 0;
  const hostConfig: Record<string, unknown> = {
    Binds: binds,
    VolumesFrom: volumesFrom,
    Mounts: mountsOf(config.mounts),
    PortBindings: bindings,
    PublishAllPorts: config.publish_all_ports === true,
    Privileged: config.privileged === true,
    ReadonlyRootfs: config.read_only === true,
    AutoRemove: config.rm === true,
    RestartPolicy: { Name: config.restart ?? 'no', MaximumRetryCount: config.max_retry_count ?? 0 },
    CapAdd: capabilities?.add ?? [],
    CapDrop: capabilities?.drop ?? [],
    ExtraHosts: config.host.map(({ host, ip }) => `${host}:${ip}`),
    NetworkMode: config.network_mode ?? 'bridge',
    Memory: (config.memory ?? 0) * MIB,
    MemoryReservation: (config.memory_reservation ?? 0) * MIB,
    ...(config.memory_swap !== null && { MemorySwap: config.memory_swap > 0 ? config.memory_swap * MIB : config.memory_swap }),
    CpuShares: config.cpu_shares ?? 0,
    CpusetCpus: config.cpu_set ?? '',
    ...(config.cpus && { NanoCpus: nanoCpus(config.cpus) }),
    CpuPeriod: config.cpu_period ?? 0,
    CpuQuota: config.cpu_quota ?? 0,
    Dns: config.dns ?? [],
    DnsOptions: config.dns_opts ?? [],
    DnsSearch: config.dns_search ?? [],
    SecurityOpt: config.security_opts ?? [],
    ...(config.shm_size && { ShmSize: config.shm_size * MIB }),
    ...(config.runtime && { Runtime: config.runtime }),
    ...(config.log_driver && { LogConfig: { Type: config.log_driver, Config: config.log_opts ?? {} } }),
    Sysctls: config.sysctls ?? {},
    ...(config.ipc_mode && { IpcMode: config.ipc_mode }),
    ...(config.pid_mode && { PidMode: config.pid_mode }),
    ...(config.userns_mode && { UsernsMode: config.userns_mode }),
    ...(config.cgroupns_mode && { CgroupnsMode: config.cgroupns_mode }),
    ...(config.cgroup_parent && { CgroupParent: config.cgroup_parent }),
    GroupAdd: config.group_add ?? [],
    Tmpfs: config.tmpfs ?? {},
    Ulimits: config.ulimit.map(({ name, soft, hard }) => ({ Name: name, Soft: soft, Hard: hard })),
    Devices: config.devices.map((device) => ({
      PathOnHost: device.host_path,
      PathInContainer: device.container_path || device.host_path,
      CgroupPermissions: device.permissions || 'rwm',
    })),
    ...(config.init !== null && { Init: config.init }),
    ...(config.storage_opts && { StorageOpt: config.storage_opts }),
  };
  return {
    name: config.name,
    Image: config.image,
    ...(config.hostname && { Hostname: config.hostname }),
    ...(config.domainname && { Domainname: config.domainname }),
    ...(config.command && { Cmd: config.command }),
    ...(config.entrypoint && { Entrypoint: config.entrypoint }),
    ...(config.user && { User: config.user }),
    ...(config.working_dir && { WorkingDir: config.working_dir }),
    Env: config.env ?? [],
    Labels: labelsToMap(config.labels),
    ExposedPorts: exposed,
    Volumes: anonymous,
    Tty: config.tty === true,
    OpenStdin: config.stdin_open === true,
    ...(config.stop_signal && { StopSignal: config.stop_signal }),
    ...(config.stop_timeout !== null && { StopTimeout: config.stop_timeout }),
    ...(health && {
      Healthcheck: {
        Test: health.test,
        Interval: seconds(health.interval),
        Timeout: seconds(health.timeout),
        StartPeriod: seconds(health.start_period),
        StartInterval: seconds(health.start_interval),
        Retries: health.retries ?? 0,
      },
    }),
    HostConfig: hostConfig,
  };
}

/** The parts of `GET /containers/{id}/json` the provider reads. */
export interface ContainerInspect {
  Id: string;
  Name: string;
  Image: string;
  State: { Running: boolean; ExitCode: number; Status: string };
  Config: {
    Hostname: string;
    Cmd: string[] | null;
    Entrypoint: string[] | null;
    StopSignal?: string;
    StopTimeout?: number | null;
  };
  HostConfig: {
    Runtime: string;
    SecurityOpt: string[] | null;
    ShmSize: number;
    LogConfig: { Type: string };
    IpcMode: string;
    Init: boolean | null;
  };
  NetworkSettings: {
    Bridge: string;
    Ports: Record<string, Array<{ HostIp: string; HostPort: string }> | null> | null;
    Networks: Record<string, {
      IPAddress: string;
      IPPrefixLen: number;
      Gateway: string;
      GlobalIPv6Address: string;
      GlobalIPv6PrefixLen: number;
      IPv6Gateway: string;
      MacAddress: string;
    }> | null;
  };
}

export function networkData(info: ContainerInspect): ContainerState['network_data'] {
  return Object.entries(info.NetworkSettings.Networks ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([name, network]) => ({
    network_name: name,
    ip_address: network.IPAddress,
    ip_prefix_length: network.IPPrefixLen,
    gateway: network.Gateway,
    global_ipv6_address: network.GlobalIPv6Address,
    global_ipv6_prefix_length: network.GlobalIPv6PrefixLen,
    ipv6_gateway: network.IPv6Gateway,
    mac_address: network.MacAddress,
  }));
}

/** Each configured port with the host port the engine chose where none was given. */
export function portsWithExternal<P extends { internal: number; external: unknown; ip: unknown; protocol: unknown }>(ports: readonly P[], info: ContainerInspect): P[] {
  return ports.map((port) => {
    if (typeof port.external === 'number') return port;
    const bound = info.NetworkSettings.Ports?.[`${port.internal}/${typeof port.protocol === 'string' ? port.protocol : 'tcp'}`] ?? [];
    const match = bound.find((binding) => binding.HostIp === port.ip) ?? bound[0];
    return { ...port, external: match ? Number(match.HostPort) : port.internal };
  });
}

/** The computed attributes of a container just created and started (or created only). */
export function computedAfterCreate(info: ContainerInspect) {
  return {
    id: info.Id,
    hostname: info.Config.Hostname,
    command: info.Config.Cmd ?? [],
    entrypoint: info.Config.Entrypoint ?? [],
    security_opts: info.HostConfig.SecurityOpt ?? [],
    runtime: info.HostConfig.Runtime,
    stop_signal: info.Config.StopSignal ?? '',
    stop_timeout: info.Config.StopTimeout ?? 0,
    shm_size: Math.floor(info.HostConfig.ShmSize / MIB),
    log_driver: info.HostConfig.LogConfig.Type,
    ipc_mode: info.HostConfig.IpcMode,
    init: info.HostConfig.Init ?? false,
    env: [] as string[],
    bridge: info.NetworkSettings.Bridge,
    network_data: networkData(info),
    exit_code: info.State.Running ? null : info.State.ExitCode,
    container_logs: null,
  };
}
