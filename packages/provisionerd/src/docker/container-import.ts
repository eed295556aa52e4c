// The state of an imported container, read from the engine's inspect answer: what the upstream
// provider reads back (name, image, hostname, command, restart policy, limits, capabilities, extra
// hosts, mounts, ...) and the provider-side switches at their defaults (`start` and `must_run`
// cannot be read from the engine). As upstream, `env`, `labels` and `volumes` are not read: the
// image contributes to them and they cannot be told apart from the configuration.
import type { ContainerInspect } from './container-spec.js';
import { computedAfterCreate, portsWithExternal } from './container-spec.js';

const MIB = 1024 * 1024;

interface ImportInspect extends ContainerInspect {
  Config: ContainerInspect['Config'] & { Image: string; User: string; WorkingDir: string; Domainname: string; Tty: boolean; OpenStdin: boolean };
  HostConfig: ContainerInspect['HostConfig'] & {
    RestartPolicy?: { Name?: string; MaximumRetryCount?: number };
    Privileged: boolean;
    ReadonlyRootfs: boolean;
    AutoRemove: boolean;
    Memory: number;
    MemoryReservation: number;
    MemorySwap: number;
    CpuShares: number;
    CpusetCpus: string;
    CpuPeriod: number;
    CpuQuota: number;
    NetworkMode: string;
    CapAdd: string[] | null;
    CapDrop: string[] | null;
    ExtraHosts: string[] | null;
    PortBindings: Record<string, Array<{ HostIp: string; HostPort: string }> | null> | null;
    Mounts?: Array<{ Target: string; Source?: string; Type: string; ReadOnly?: boolean }> | null;
  };
}

const emptyToNull = <T>(list: T[] | null | undefined): T[] | null => (list && list.length > 0 ? list : null);

export function containerImportState(inspected: ContainerInspect) {
  const info = inspected as ImportInspect;
  const host = info.HostConfig;
  const add = emptyToNull(host.CapAdd);
  const drop = emptyToNull(host.CapDrop);
  const ports = Object.entries(host.PortBindings ?? {}).flatMap(([key, bindings]) => {
    const [internal, protocol] = key.split('/');
    return (bindings ?? []).map((binding) => ({
      internal: Number(internal),
      external: binding.HostPort ? Number(binding.HostPort) : null,
      ip: binding.HostIp || '0.0.0.0',
      protocol: protocol ?? 'tcp',
    }));
  });
  return {
    ...computedAfterCreate(info),
    env: null,
    image: info.Config.Image,
    domainname: info.Config.Domainname || null,
    user: info.Config.User || null,
    working_dir: info.Config.WorkingDir || null,
    tty: info.Config.Tty,
    stdin_open: info.Config.OpenStdin,
    restart: host.RestartPolicy?.Name || 'no',
    max_retry_count: host.RestartPolicy?.MaximumRetryCount || null,
    privileged: host.Privileged || null,
    read_only: host.ReadonlyRootfs,
    rm: host.AutoRemove,
    memory: host.Memory ? host.Memory / MIB : null,
    memory_reservation: host.MemoryReservation / MIB,
    memory_swap: host.MemorySwap > 0 ? host.MemorySwap / MIB : host.MemorySwap || null,
    cpu_shares: host.CpuShares || null,
    cpu_set: host.CpusetCpus || null,
    cpu_period: host.CpuPeriod || null,
    cpu_quota: host.CpuQuota || null,
    // The engine reports `default` for a container created without a network mode: the bridge.
    network_mode: host.NetworkMode === 'default' ? 'bridge' : host.NetworkMode,
    capabilities: add || drop ? [{ add, drop }] : [],
    host: (host.ExtraHosts ?? []).map((entry) => {
      const at = entry.indexOf(':');
      return { host: entry.slice(0, at), ip: entry.slice(at + 1) };
    }),
    ports: portsWithExternal(ports, info),
    mounts: (host.Mounts ?? []).map((mount) => ({
      target: mount.Target,
      source: mount.Source || null,
      type: mount.Type,
      read_only: mount.ReadOnly || null,
      bind_options: [],
      volume_options: [],
      tmpfs_options: [],
    })),
    // Provider-side switches, at their defaults.
    start: true,
    must_run: true,
    attach: false,
    logs: false,
    wait: false,
    wait_timeout: 60,
    remove_volumes: true,
    container_read_refresh_timeout_milliseconds: 15000,
  };
}
