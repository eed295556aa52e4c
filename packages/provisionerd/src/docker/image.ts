// `docker_image` (provider 3.x schema): an image in the engine's store. Without `build`, an image
// already present is used as it is and a missing one is pulled (failing with a sentence naming it
// when no registry answers); with `build`, the context folder is sent to the Engine API's build
// as a tar and the image is tagged with `name` and every `tag`. The ID is `<image id><name>`.
import path from 'node:path';
import type Docker from 'dockerode';
import { attribute, block, ProviderError, t } from '../tfplugin/index.js';
import { contextEntries, engineCall, engineMessage, findOrPullImage, followProgress, type ImageFound, inspectImage, isNotFound } from './engine.js';
import { authFor, dockerKit, type DockerProviderData } from './kit.js';

const buildNew = { optional: true, forceNew: true } as const;

const buildSchema = {
  attributes: {
    context: attribute(t.string, { required: true, forceNew: true }),
    dockerfile: attribute(t.string, { ...buildNew, default: 'Dockerfile' }),
    build_args: attribute(t.map(t.string), buildNew),
    tag: attribute(t.list(t.string), { optional: true }),
    target: attribute(t.string, buildNew),
    no_cache: attribute(t.bool, buildNew),
    pull_parent: attribute(t.bool, buildNew),
    network_mode: attribute(t.string, buildNew),
    platform: attribute(t.string, buildNew),
    labels: attribute(t.map(t.string), buildNew),
    label: attribute(t.map(t.string), { optional: true }),
    remove: attribute(t.bool, { optional: true, default: true }),
    force_remove: attribute(t.bool, buildNew),
    suppress_output: attribute(t.bool, buildNew),
    squash: attribute(t.bool, buildNew),
    extra_hosts: attribute(t.list(t.string), buildNew),
    memory: attribute(t.number, buildNew),
    memory_swap: attribute(t.number, buildNew),
    cpu_shares: attribute(t.number, buildNew),
    cpu_set_cpus: attribute(t.string, buildNew),
    cpu_set_mems: attribute(t.string, buildNew),
    cpu_period: attribute(t.number, buildNew),
    cpu_quota: attribute(t.number, buildNew),
    shm_size: attribute(t.number, buildNew),
    cgroup_parent: attribute(t.string, buildNew),
    isolation: attribute(t.string, buildNew),
    security_opt: attribute(t.list(t.string), buildNew),
    session_id: attribute(t.string, buildNew),
    build_id: attribute(t.string, buildNew),
    version: attribute(t.string, buildNew),
    // Needs buildx or a remote context: refused in-process (see `unsupportedBuild`).
    remote_context: attribute(t.string, buildNew),
    builder: attribute(t.string, buildNew),
    build_log_file: attribute(t.string, buildNew),
    cache_from: attribute(t.list(t.string), buildNew),
    cache_to: attribute(t.list(t.string), buildNew),
    additional_contexts: attribute(t.list(t.string), buildNew),
  },
  blocks: {
    ulimit: block.list({
      attributes: {
        name: attribute(t.string, { required: true, forceNew: true }),
        hard: attribute(t.number, { required: true, forceNew: true }),
        soft: attribute(t.number, { required: true, forceNew: true }),
      },
    }),
    auth_config: block.list({
      attributes: {
        host_name: attribute(t.string, { required: true }),
        user_name: attribute(t.string, { optional: true }),
        password: attribute(t.string, { optional: true, sensitive: true }),
        auth: attribute(t.string, { optional: true }),
        email: attribute(t.string, { optional: true }),
        server_address: attribute(t.string, { optional: true }),
        identity_token: attribute(t.string, { optional: true }),
        registry_token: attribute(t.string, { optional: true }),
      },
    }),
    secrets: block.list({
      attributes: {
        id: attribute(t.string, { required: true, forceNew: true }),
        src: attribute(t.string, buildNew),
        env: attribute(t.string, buildNew),
      },
    }),
  },
};

const imageSchema = {
  attributes: {
    id: attribute(t.string, { optional: true, computed: true }),
    name: attribute(t.string, { required: true, forceNew: true }),
    image_id: attribute(t.string, { computed: true }),
    repo_digest: attribute(t.string, { computed: true }),
    keep_locally: attribute(t.bool, { optional: true }),
    force_remove: attribute(t.bool, { optional: true }),
    pull_triggers: attribute(t.set(t.string), { optional: true, forceNew: true }),
    triggers: attribute(t.map(t.string), { optional: true, forceNew: true }),
    platform: attribute(t.string, { optional: true, forceNew: true, default: '' }),
  },
  blocks: {
    build: block.set(buildSchema, { maxItems: 1 }),
  },
};

type BuildConfig = {
  context: string;
  dockerfile: string | null;
  build_args: Record<string, string> | null;
  tag: string[] | null;
  [name: string]: unknown;
};

const BUILDX_ONLY = ['remote_context', 'builder', 'build_log_file', 'cache_to', 'additional_contexts'] as const;

/** The build arguments the in-process provider cannot honour, as an error sentence; undefined when none. */
export function unsupportedBuild(build: Record<string, unknown>): string | undefined {
  const set = BUILDX_ONLY.filter((name) => build[name] !== null && build[name] !== undefined && !(Array.isArray(build[name]) && (build[name] as unknown[]).length === 0));
  if (Array.isArray(build.secrets) && build.secrets.length > 0) set.push('secrets' as never);
  if (set.length === 0) return undefined;
  return `${set.map((name) => `"${name}"`).join(', ')} need a buildx builder, which the in-process docker provider does not use; `
    + 'build with the Engine API\'s builder (context, dockerfile, build_args, tag, target, ...) or serve the upstream provider.';
}

/** The Engine API's build query for a `build` block. */
export function buildQuery(name: string, build: BuildConfig): Record<string, unknown> {
  const b = build as Record<string, unknown>;
  const num = (key: string) => (typeof b[key] === 'number' ? (b[key] as number) : undefined);
  const query: Record<string, unknown> = {
    t: [name, ...(build.tag ?? [])],
    dockerfile: build.dockerfile ?? 'Dockerfile',
    buildargs: build.build_args ?? {},
    labels: { ...(b.label as Record<string, string> | null), ...(b.labels as Record<string, string> | null) },
    rm: b.remove !== false,
    forcerm: b.force_remove === true,
    nocache: b.no_cache === true,
    pull: b.pull_parent === true,
    q: b.suppress_output === true,
    squash: b.squash === true,
    ...(b.target ? { target: b.target } : {}),
    ...(b.network_mode ? { networkmode: b.network_mode } : {}),
    ...(b.platform ? { platform: b.platform } : {}),
    ...(b.cgroup_parent ? { cgroupparent: b.cgroup_parent } : {}),
    ...(b.cpu_set_cpus ? { cpusetcpus: b.cpu_set_cpus } : {}),
    ...(b.cpu_set_mems ? { cpusetmems: b.cpu_set_mems } : {}),
    ...(b.isolation ? { isolation: b.isolation } : {}),
    ...(Array.isArray(b.extra_hosts) && b.extra_hosts.length > 0 ? { extrahosts: (b.extra_hosts as string[]).join(',') } : {}),
    ...(Array.isArray(b.cache_from) && b.cache_from.length > 0 ? { cachefrom: b.cache_from } : {}),
  };
  for (const [key, param] of [['memory', 'memory'], ['memory_swap', 'memswap'], ['cpu_shares', 'cpushares'], ['cpu_period', 'cpuperiod'], ['cpu_quota', 'cpuquota'], ['shm_size', 'shmsize']] as const) {
    const value = num(key);
    if (value) query[param] = value;
  }
  if (Array.isArray(b.ulimit) && b.ulimit.length > 0) {
    query.ulimits = JSON.stringify((b.ulimit as Array<{ name: string; hard: number; soft: number }>).map((u) => ({ Name: u.name, Hard: u.hard, Soft: u.soft })));
  }
  return query;
}

async function buildImage(docker: Docker, cwd: string, name: string, build: BuildConfig, signal: AbortSignal): Promise<void> {
  const context = path.resolve(cwd, build.context);
  const src = await contextEntries(context).catch((error: unknown) => {
    throw new ProviderError(`Unable to read the build context of image "${name}"`, { detail: engineMessage(error), path: ['build'] });
  });
  const lines: string[] = [];
  try {
    const stream: NodeJS.ReadableStream = await docker.buildImage({ context, src }, { ...buildQuery(name, build), abortSignal: signal } as Docker.ImageBuildOptions);
    await followProgress(docker, stream, (line) => {
      lines.push(line);
      if (lines.length > 20) lines.shift();
    });
  } catch (error) {
    throw new ProviderError(`Unable to build image "${name}"`, {
      detail: `${engineMessage(error)}${lines.length > 0 ? `\nLast build output:\n${lines.join('\n')}` : ''}`,
    });
  }
}

function repoDigest(name: string, found: ImageFound): string {
  const repository = name.includes('@') ? name.slice(0, name.indexOf('@')) : name.replace(/:[^/:]+$/, '');
  return found.repoDigests.find((digest) => digest.startsWith(`${repository}@`)) ?? '';
}

const computedOf = (name: string, found: ImageFound) => ({ id: `${found.id}${name}`, image_id: found.id, repo_digest: repoDigest(name, found) });

async function createImage(provider: DockerProviderData, name: string, platform: string, build: BuildConfig | undefined, signal: AbortSignal) {
  if (build) {
    const refused = unsupportedBuild(build);
    if (refused) throw new ProviderError('Unsupported build arguments', { detail: refused, path: ['build'] });
    await buildImage(provider.docker, provider.cwd, name, build, signal);
    const built = await inspectImage(provider.docker, name);
    if (!built) throw new ProviderError(`Unable to find image "${name}" after its build`, { detail: 'The build finished but the engine does not list the image under that name.' });
    return computedOf(name, built);
  }
  const auth = authFor(provider, name);
  return computedOf(name, await findOrPullImage(provider.docker, name, { platform: platform || undefined, authconfig: auth }));
}

export const dockerImage = dockerKit.resource({
  schema: imageSchema,
  validate: ({ config, diagnostics }) => {
    for (const build of Array.isArray(config.build) ? config.build : []) {
      const refused = typeof build === 'object' && build !== null ? unsupportedBuild(build as Record<string, unknown>) : undefined;
      if (refused) diagnostics.error('Unsupported build arguments', { detail: refused, path: ['build'] });
    }
  },
  create: ({ config, provider, signal }) =>
    createImage(provider, config.name, config.platform ?? '', config.build[0] as BuildConfig | undefined, signal),
  read: async ({ state, provider }) => {
    const found = await inspectImage(provider.docker, state.name);
    return found ? { ...state, ...computedOf(state.name, found) } : null;
  },
  delete: async ({ prior, provider }) => {
    if (prior.keep_locally) return;
    await engineCall(`Unable to remove image "${prior.name}"`, async () => {
      try {
        await provider.docker.getImage(prior.name).remove({ force: prior.force_remove === true });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    });
  },
});
