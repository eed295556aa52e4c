// `docker_volume` (provider 3.x schema, version 1): a named volume. Every argument is force-new;
// the volume is removed only when the resource is destroyed (`lifecycle { ignore_changes = all }`
// is terraform's own and needs nothing here). The ID is the volume's name.
import { setTimeout as sleep } from 'node:timers/promises';
import { attribute, block, ProviderError, t } from '../tfplugin/index.js';
import { engineCall, engineMessage, isNotFound, orNull } from './engine.js';
import { dockerKit, labelSchema, labelsToMap, mapToLabels } from './kit.js';

const id = attribute(t.string, { optional: true, computed: true });

const volumeSchema = {
  version: 1,
  attributes: {
    id,
    name: attribute(t.string, { optional: true, computed: true, forceNew: true }),
    driver: attribute(t.string, { optional: true, computed: true, forceNew: true }),
    driver_opts: attribute(t.map(t.string), { optional: true, forceNew: true }),
    mountpoint: attribute(t.string, { computed: true }),
  },
  blocks: {
    labels: block.set(labelSchema, { forceNew: true }),
  },
};

interface VolumeInfo {
  Name: string;
  Driver: string;
  Mountpoint: string;
  Labels: Record<string, string> | null;
  Options: Record<string, string> | null;
}

const stateOf = (info: VolumeInfo) => ({
  id: info.Name,
  name: info.Name,
  driver: info.Driver,
  driver_opts: info.Options && Object.keys(info.Options).length > 0 ? info.Options : null,
  mountpoint: info.Mountpoint,
  labels: mapToLabels(info.Labels),
});

/** Removing a volume a container still uses is retried while that container goes away (30 s at most). */
const REMOVE_ATTEMPTS = 30;

export const dockerVolume = dockerKit.resource({
  schema: volumeSchema,
  create: async ({ config, provider }) => {
    const created = await engineCall('Unable to create volume', () => provider.docker.createVolume({
      ...(config.name && { Name: config.name }),
      ...(config.driver && { Driver: config.driver }),
      ...(config.driver_opts && { DriverOpts: config.driver_opts }),
      Labels: labelsToMap(config.labels),
    }));
    const info = (await engineCall('Unable to inspect the new volume', () => created.inspect())) as VolumeInfo;
    return { id: info.Name, name: info.Name, driver: info.Driver, mountpoint: info.Mountpoint };
  },
  read: async ({ state, provider }) => {
    const info = (await orNull(`Unable to inspect volume "${state.id}"`, () => provider.docker.getVolume(state.id!).inspect())) as VolumeInfo | null;
    if (!info) return null;
    const read = stateOf(info);
    // Driver options the engine reports are kept as configured (a volume created with none reports none).
    return { ...state, ...read, driver_opts: state.driver_opts ?? read.driver_opts };
  },
  delete: async ({ prior, provider, signal }) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await provider.docker.getVolume(prior.id!).remove();
        return;
      } catch (error) {
        if (isNotFound(error)) return;
        const inUse = (error as { statusCode?: number }).statusCode === 409;
        if (!inUse || attempt >= REMOVE_ATTEMPTS || signal.aborted) {
          throw new ProviderError(`Unable to remove volume "${prior.id}"`, { detail: engineMessage(error) });
        }
        await sleep(1000, undefined, { signal }).catch(() => undefined);
      }
    }
  },
  import: ({ id: volumeName }) => ({ id: volumeName, name: volumeName }),
});
