// `docker_container` (provider 3.x): create (the image found or pulled first, networks connected,
// files uploaded, started), read with drift (a container removed by hand, or stopped while
// `must_run` holds, is gone from state so the next apply creates it again), update in place of the
// restart policy and resource limits, delete (stop with `destroy_grace_seconds`, then remove), and
// import by container ID.
import { Readable } from 'node:stream';
import fs from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { isUnknown, ProviderError } from '../tfplugin/index.js';
import { containerSchema } from './container-schema.js';
import {
  type ContainerConfig, type ContainerInspect, computedAfterCreate, createBody, networkData, portsWithExternal,
} from './container-spec.js';
import { containerImportState } from './container-import.js';
import { authFor, dockerKit } from './kit.js';
import { engineCall, engineMessage, findOrPullImage, isNotFound, orNull } from './engine.js';

const MIB = 1024 * 1024;

/** Arguments the in-process provider does not carry out, as one error sentence; undefined when none. */
export function unsupportedContainerArguments(config: Partial<Record<string, unknown>>): string | undefined {
  const set: string[] = [];
  if (config.attach === true) set.push('attach');
  if (config.logs === true) set.push('logs');
  if (config.wait === true) set.push('wait');
  if (typeof config.gpus === 'string' && config.gpus !== '') set.push('gpus');
  if (set.length === 0) return undefined;
  return `${set.map((name) => `"${name}"`).join(', ')} ${set.length === 1 ? 'is' : 'are'} not supported by the in-process docker provider; `
    + 'leave it unset or serve the upstream provider (see --in-process-providers).';
}

/** Of `computed`, the attributes `planned` leaves unknown (known planned values must come back unchanged). */
function onlyUnknown<T extends Record<string, unknown>>(planned: Record<string, unknown>, computed: T): Partial<T> {
  return Object.fromEntries(Object.entries(computed).filter(([name]) => isUnknown(planned[name]))) as Partial<T>;
}

async function inspect(docker: Docker, id: string): Promise<ContainerInspect | null> {
  return (await orNull(`Unable to inspect container "${id}"`, () => docker.getContainer(id).inspect())) as ContainerInspect | null;
}

async function uploadFiles(container: Docker.Container, uploads: ContainerConfig['upload'], cwd: string): Promise<void> {
  for (const upload of uploads) {
    const content = upload.content !== null ? Buffer.from(upload.content, 'utf8')
      : upload.content_base64 !== null ? Buffer.from(upload.content_base64, 'base64')
        : upload.source !== null ? await fs.readFile(path.resolve(cwd, upload.source))
          : undefined;
    if (!content) throw new ProviderError('Invalid upload', { detail: `The upload of "${upload.file}" sets none of content, content_base64 or source.`, path: ['upload'] });
    const mode = upload.permissions ? parseInt(upload.permissions, 8) : upload.executable ? 0o744 : 0o644;
    const pack = tar.pack();
    pack.entry({ name: upload.file.replace(/^\/+/, ''), mode }, content);
    pack.finalize();
    const archive = Buffer.concat(await Readable.from(pack).toArray());
    await engineCall(`Unable to upload "${upload.file}" to the container`, () => container.putArchive(archive, { path: '/' }));
  }
}

async function removeContainer(docker: Docker, id: string, graceSeconds: number, removeVolumes: boolean): Promise<void> {
  const container = docker.getContainer(id);
  try {
    await container.stop({ t: graceSeconds });
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (isNotFound(error)) return;
    if (status !== 304) throw new ProviderError(`Error stopping container ${id}`, { detail: engineMessage(error) });
  }
  try {
    await container.remove({ force: true, v: removeVolumes });
  } catch (error) {
    const message = engineMessage(error);
    if (isNotFound(error) || /already in progress/.test(message)) return;
    throw new ProviderError(`Error deleting container ${id}`, { detail: message });
  }
}

export const dockerContainer = dockerKit.resource({
  schema: containerSchema,
  validate: ({ config, diagnostics }) => {
    const refused = unsupportedContainerArguments(config as Record<string, unknown>);
    if (refused) diagnostics.error('Unsupported argument', { detail: refused });
  },
  create: async ({ config, planned, provider }) => {
    const refused = unsupportedContainerArguments(config as Record<string, unknown>);
    if (refused) throw new ProviderError('Unsupported argument', { detail: refused });
    const { docker } = provider;
    await findOrPullImage(docker, config.image, { authconfig: authFor(provider, config.image) });
    let body;
    try {
      body = createBody(config);
    } catch (error) {
      throw new ProviderError('Invalid container configuration', { detail: (error as Error).message });
    }
    const container = await engineCall(`Unable to create container "${config.name}"`, () => docker.createContainer(body as Docker.ContainerCreateOptions));
    if (config.networks_advanced.length > 0) {
      await docker.getNetwork('bridge').disconnect({ Container: container.id }).catch(() => undefined);
      for (const network of config.networks_advanced) {
        await engineCall(`Unable to connect container "${config.name}" to network "${network.name}"`, () => docker.getNetwork(network.name).connect({
          Container: container.id,
          EndpointConfig: {
            Aliases: network.aliases ?? [],
            ...((network.ipv4_address || network.ipv6_address) && {
              IPAMConfig: { ...(network.ipv4_address && { IPv4Address: network.ipv4_address }), ...(network.ipv6_address && { IPv6Address: network.ipv6_address }) },
            }),
            ...(network.mac_address && { MacAddress: network.mac_address }),
          },
        }));
      }
    }
    await uploadFiles(container, config.upload, provider.cwd);
    if (config.start !== false) {
      await engineCall(`Unable to start container "${config.name}"`, () => container.start());
    }
    const info = await inspect(docker, container.id);
    if (!info) throw new ProviderError(`Container "${config.name}" is gone`, { detail: 'The container was removed right after it was started (is rm = true and did it exit?).' });
    if (config.start !== false && config.must_run !== false && !info.State.Running) {
      await removeContainer(docker, container.id, 0, true);
      throw new ProviderError(`Container "${config.name}" exited immediately`, {
        detail: `It stopped with exit code ${info.State.ExitCode} right after it started, and must_run is true. Check its command and entrypoint.`,
      });
    }
    const computed = onlyUnknown(planned as Record<string, unknown>, computedAfterCreate(info));
    return { ...computed, id: info.Id, ports: portsWithExternal(planned.ports as never, info) as never };
  },
  read: async ({ state, provider }) => {
    const info = await inspect(provider.docker, state.id!);
    if (!info) return null;
    const imported = state.name === null;
    if (!info.State.Running && state.must_run !== false && !imported) {
      // As the upstream provider does: a container that must run but stopped is removed and created again.
      await removeContainer(provider.docker, info.Id, 0, state.remove_volumes !== false);
      return null;
    }
    const base = imported ? { ...state, ...containerImportState(info) } : state;
    return {
      ...base,
      id: info.Id,
      name: info.Name.replace(/^\//, ''),
      exit_code: info.State.Running ? base.exit_code : info.State.ExitCode,
      bridge: info.NetworkSettings.Bridge,
      network_data: networkData(info),
    };
  },
  update: async ({ prior, config, provider }) => {
    const changed = (['restart', 'max_retry_count', 'cpu_shares', 'memory', 'memory_reservation', 'cpu_set', 'memory_swap', 'cpu_period', 'cpu_quota'] as const)
      .some((name) => prior[name] !== config[name] && !(name === 'restart' && config.restart === null && prior.restart === 'no'));
    if (!changed) return;
    const swap = config.memory_swap;
    await engineCall(`Unable to update container "${prior.name}"`, () => provider.docker.getContainer(prior.id!).update({
      RestartPolicy: { Name: config.restart ?? 'no', MaximumRetryCount: config.max_retry_count ?? 0 },
      CpuShares: config.cpu_shares ?? 0,
      Memory: (config.memory ?? 0) * MIB,
      MemoryReservation: (config.memory_reservation ?? 0) * MIB,
      CpusetCpus: config.cpu_set ?? '',
      CpuPeriod: config.cpu_period ?? 0,
      CpuQuota: config.cpu_quota ?? 0,
      ...(swap !== null && swap !== 0 && { MemorySwap: swap > 0 ? swap * MIB : swap }),
    }));
  },
  delete: async ({ prior, provider }) => {
    await removeContainer(provider.docker, prior.id!, prior.destroy_grace_seconds ?? 0, prior.remove_volumes !== false);
  },
  import: ({ id }) => ({ id }),
});
