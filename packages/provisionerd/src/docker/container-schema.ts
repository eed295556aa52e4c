// `docker_container`'s schema, as provider 3.x declares it (version 2): which arguments replace
// the container (force-new), which update it in place (restart policy, memory and CPU limits,
// must_run/start and the other provider-side switches), defaults, and computed attributes.
import { attribute, block, t } from '../tfplugin/index.js';
import { labelSchema } from './kit.js';

const fn = { optional: true, forceNew: true } as const;
const fnc = { optional: true, forceNew: true, computed: true } as const;
const opt = { optional: true } as const;
const atLeast = (min: number) => (value: number) => (value >= min ? undefined : `must be at least ${min}, got ${value}`);

export const RESTART_POLICIES = ['no', 'on-failure', 'always', 'unless-stopped'] as const;
export const MOUNT_TYPES = ['bind', 'volume', 'tmpfs', 'npipe', 'cluster'] as const;

const networkDataType = t.object({
  network_name: t.string,
  ip_address: t.string,
  ip_prefix_length: t.number,
  gateway: t.string,
  global_ipv6_address: t.string,
  global_ipv6_prefix_length: t.number,
  ipv6_gateway: t.string,
  mac_address: t.string,
});

export const containerSchema = {
  version: 2,
  attributes: {
    id: attribute(t.string, { optional: true, computed: true }),
    name: attribute(t.string, { required: true, forceNew: true }),
    image: attribute(t.string, { required: true, forceNew: true }),
    rm: attribute(t.bool, { optional: true, default: false }),
    read_only: attribute(t.bool, { ...fn, default: false }),
    start: attribute(t.bool, { optional: true, default: true }),
    wait: attribute(t.bool, { optional: true, default: false }),
    wait_timeout: attribute(t.number, { optional: true, default: 60 }),
    attach: attribute(t.bool, { optional: true, default: false }),
    logs: attribute(t.bool, { optional: true, default: false }),
    must_run: attribute(t.bool, { optional: true, default: true }),
    exit_code: attribute(t.number, { computed: true }),
    container_logs: attribute(t.string, { computed: true }),
    hostname: attribute(t.string, fnc),
    domainname: attribute(t.string, fn),
    command: attribute(t.list(t.string), fnc),
    entrypoint: attribute(t.list(t.string), fnc),
    user: attribute(t.string, fn),
    dns: attribute(t.set(t.string), fn),
    dns_opts: attribute(t.set(t.string), fn),
    dns_search: attribute(t.set(t.string), fn),
    publish_all_ports: attribute(t.bool, fn),
    restart: attribute(t.string, {
      optional: true, default: 'no',
      validate: (value) => ((RESTART_POLICIES as readonly string[]).includes(value) ? undefined : `must be one of ${RESTART_POLICIES.join(', ')}, got "${value}"`),
    }),
    max_retry_count: attribute(t.number, opt),
    working_dir: attribute(t.string, fn),
    remove_volumes: attribute(t.bool, { optional: true, default: true }),
    security_opts: attribute(t.set(t.string), fnc),
    runtime: attribute(t.string, fnc),
    stop_signal: attribute(t.string, fnc),
    stop_timeout: attribute(t.number, fnc),
    tmpfs: attribute(t.map(t.string), opt),
    env: attribute(t.set(t.string), fnc),
    bridge: attribute(t.string, { computed: true }),
    network_data: attribute(t.list(networkDataType), { computed: true }),
    privileged: attribute(t.bool, fn),
    destroy_grace_seconds: attribute(t.number, opt),
    memory: attribute(t.number, { optional: true, validate: atLeast(0) }),
    memory_reservation: attribute(t.number, { optional: true, default: 0, validate: atLeast(0) }),
    memory_swap: attribute(t.number, { optional: true, validate: atLeast(-1) }),
    shm_size: attribute(t.number, { ...fnc, validate: atLeast(0) }),
    cpu_shares: attribute(t.number, { optional: true, validate: atLeast(0) }),
    cpu_set: attribute(t.string, {
      optional: true,
      validate: (value) => (/^\d+([,-]\d+)*$/.test(value) ? undefined : `must be a list or range of CPUs such as 0-1 or 0,2, got "${value}"`),
    }),
    cpus: attribute(t.string, fn),
    cpu_period: attribute(t.number, { optional: true, validate: atLeast(0) }),
    cpu_quota: attribute(t.number, { optional: true, validate: atLeast(0) }),
    log_driver: attribute(t.string, fnc),
    log_opts: attribute(t.map(t.string), fn),
    network_mode: attribute(t.string, { ...fn, default: 'bridge' }),
    pid_mode: attribute(t.string, fn),
    userns_mode: attribute(t.string, fn),
    container_read_refresh_timeout_milliseconds: attribute(t.number, { optional: true, default: 15000 }),
    sysctls: attribute(t.map(t.string), fn),
    ipc_mode: attribute(t.string, fnc),
    group_add: attribute(t.set(t.string), fn),
    init: attribute(t.bool, { optional: true, computed: true }),
    tty: attribute(t.bool, { ...fn, default: false }),
    stdin_open: attribute(t.bool, { ...fn, default: false }),
    storage_opts: attribute(t.map(t.string), fn),
    gpus: attribute(t.string, fn),
    cgroupns_mode: attribute(t.string, fn),
    cgroup_parent: attribute(t.string, fn),
  },
  blocks: {
    capabilities: block.set({
      attributes: { add: attribute(t.set(t.string), fn), drop: attribute(t.set(t.string), fn) },
    }, { maxItems: 1, forceNew: true }),
    labels: block.set(labelSchema, { forceNew: true }),
    host: block.set({
      attributes: {
        host: attribute(t.string, { required: true, forceNew: true }),
        ip: attribute(t.string, { required: true, forceNew: true }),
      },
    }, { forceNew: true }),
    volumes: block.set({
      attributes: {
        from_container: attribute(t.string, fn),
        container_path: attribute(t.string, fn),
        host_path: attribute(t.string, {
          ...fn, validate: (value) => (value.startsWith('/') ? undefined : `must be an absolute path, got "${value}"`),
        }),
        volume_name: attribute(t.string, fn),
        read_only: attribute(t.bool, fn),
      },
    }, { forceNew: true }),
    mounts: block.set({
      attributes: {
        target: attribute(t.string, { required: true }),
        source: attribute(t.string, opt),
        type: attribute(t.string, {
          required: true,
          validate: (value) => ((MOUNT_TYPES as readonly string[]).includes(value) ? undefined : `must be one of ${MOUNT_TYPES.join(', ')}, got "${value}"`),
        }),
        read_only: attribute(t.bool, opt),
      },
      blocks: {
        bind_options: block.list({ attributes: { propagation: attribute(t.string, opt) } }, { maxItems: 1 }),
        volume_options: block.list({
          attributes: {
            no_copy: attribute(t.bool, opt),
            driver_name: attribute(t.string, opt),
            driver_options: attribute(t.map(t.string), opt),
            subpath: attribute(t.string, fn),
          },
          blocks: { labels: block.set(labelSchema) },
        }, { maxItems: 1 }),
        tmpfs_options: block.list({
          attributes: { size_bytes: attribute(t.number, opt), mode: attribute(t.number, opt) },
        }, { maxItems: 1, forceNew: true }),
      },
    }, { forceNew: true }),
    ports: block.list({
      attributes: {
        internal: attribute(t.number, { required: true, forceNew: true }),
        external: attribute(t.number, fnc),
        ip: attribute(t.string, { ...fn, default: '0.0.0.0' }),
        protocol: attribute(t.string, { ...fn, default: 'tcp' }),
      },
    }, { forceNew: true }),
    ulimit: block.set({
      attributes: {
        name: attribute(t.string, { required: true, forceNew: true }),
        soft: attribute(t.number, { required: true, forceNew: true }),
        hard: attribute(t.number, { required: true, forceNew: true }),
      },
    }, { forceNew: true }),
    devices: block.set({
      attributes: {
        host_path: attribute(t.string, { required: true, forceNew: true }),
        container_path: attribute(t.string, fn),
        permissions: attribute(t.string, fn),
      },
    }, { forceNew: true }),
    networks_advanced: block.set({
      attributes: {
        name: attribute(t.string, { required: true, forceNew: true }),
        aliases: attribute(t.set(t.string), fn),
        ipv4_address: attribute(t.string, fn),
        ipv6_address: attribute(t.string, fn),
        mac_address: attribute(t.string, fn),
      },
    }, { forceNew: true }),
    upload: block.set({
      attributes: {
        file: attribute(t.string, { required: true, forceNew: true }),
        content: attribute(t.string, fn),
        content_base64: attribute(t.string, fn),
        executable: attribute(t.bool, { ...fn, default: false }),
        permissions: attribute(t.string, fn),
        source: attribute(t.string, fn),
        source_hash: attribute(t.string, fn),
      },
    }, { forceNew: true }),
    healthcheck: block.list({
      attributes: {
        test: attribute(t.list(t.string), { required: true }),
        interval: attribute(t.string, { optional: true, default: '0s' }),
        timeout: attribute(t.string, { optional: true, default: '0s' }),
        start_period: attribute(t.string, { optional: true, default: '0s' }),
        start_interval: attribute(t.string, { optional: true, default: '0s' }),
        retries: attribute(t.number, { optional: true, default: 0 }),
      },
    }, { maxItems: 1 }),
  },
};
