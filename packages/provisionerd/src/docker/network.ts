// `docker_network` (provider 3.x schema, version 1): a user-defined network. Every argument is
// force-new; the ID is the engine's network ID.
import { setTimeout as sleep } from 'node:timers/promises';
import { attribute, block, ProviderError, t } from '../tfplugin/index.js';
import { engineCall, engineMessage, isNotFound, orNull } from './engine.js';
import { dockerKit, labelSchema, labelsToMap, mapToLabels } from './kit.js';

const forceNew = { optional: true, forceNew: true } as const;

const networkSchema = {
  version: 1,
  attributes: {
    id: attribute(t.string, { optional: true, computed: true }),
    name: attribute(t.string, { required: true, forceNew: true }),
    check_duplicate: attribute(t.bool, { ...forceNew, deprecated: true }),
    driver: attribute(t.string, { ...forceNew, computed: true }),
    options: attribute(t.map(t.string), { ...forceNew, computed: true }),
    internal: attribute(t.bool, { ...forceNew, computed: true }),
    attachable: attribute(t.bool, forceNew),
    ingress: attribute(t.bool, forceNew),
    ipv6: attribute(t.bool, forceNew),
    ipam_driver: attribute(t.string, { ...forceNew, default: 'default' }),
    ipam_options: attribute(t.map(t.string), forceNew),
    scope: attribute(t.string, { computed: true }),
  },
  blocks: {
    labels: block.set(labelSchema, { forceNew: true }),
    ipam_config: block.set({
      attributes: {
        subnet: attribute(t.string, forceNew),
        ip_range: attribute(t.string, forceNew),
        gateway: attribute(t.string, forceNew),
        aux_address: attribute(t.map(t.string), forceNew),
      },
    }, { forceNew: true }),
  },
};

interface NetworkInfo {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Internal: boolean;
  Attachable: boolean;
  Ingress: boolean;
  EnableIPv6: boolean;
  Options: Record<string, string> | null;
  Labels: Record<string, string> | null;
  IPAM?: { Driver?: string; Options?: Record<string, string> | null };
}

const REMOVE_ATTEMPTS = 30;

export const dockerNetwork = dockerKit.resource({
  schema: networkSchema,
  create: async ({ config, provider }) => {
    const created = await engineCall(`Unable to create network "${config.name}"`, () => provider.docker.createNetwork({
      Name: config.name,
      CheckDuplicate: true,
      ...(config.driver && { Driver: config.driver }),
      ...(config.options && { Options: config.options }),
      Internal: config.internal === true,
      Attachable: config.attachable === true,
      Ingress: config.ingress === true,
      EnableIPv6: config.ipv6 === true,
      Labels: labelsToMap(config.labels),
      IPAM: {
        Driver: config.ipam_driver ?? 'default',
        ...(config.ipam_options && { Options: config.ipam_options }),
        Config: config.ipam_config.map((ipam) => ({
          ...(ipam.subnet && { Subnet: ipam.subnet }),
          ...(ipam.ip_range && { IPRange: ipam.ip_range }),
          ...(ipam.gateway && { Gateway: ipam.gateway }),
          ...(ipam.aux_address && { AuxiliaryAddresses: ipam.aux_address }),
        })),
      },
    }));
    const info = (await engineCall('Unable to inspect the new network', () => created.inspect())) as NetworkInfo;
    return { id: info.Id, driver: info.Driver, options: info.Options ?? {}, internal: info.Internal, scope: info.Scope };
  },
  read: async ({ state, provider }) => {
    const info = (await orNull(`Unable to inspect network "${state.name}"`, () => provider.docker.getNetwork(state.id!).inspect())) as NetworkInfo | null;
    if (!info) return null;
    return {
      ...state,
      id: info.Id,
      name: info.Name,
      driver: info.Driver,
      options: info.Options ?? {},
      internal: info.Internal,
      scope: info.Scope,
      labels: mapToLabels(info.Labels),
      attachable: state.attachable ?? (info.Attachable || null),
      ingress: state.ingress ?? (info.Ingress || null),
      ipv6: state.ipv6 ?? (info.EnableIPv6 || null),
      ipam_driver: info.IPAM?.Driver || state.ipam_driver,
    };
  },
  delete: async ({ prior, provider, signal }) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await provider.docker.getNetwork(prior.id!).remove();
        return;
      } catch (error) {
        if (isNotFound(error)) return;
        const status = (error as { statusCode?: number }).statusCode;
        if ((status !== 409 && status !== 403) || attempt >= REMOVE_ATTEMPTS || signal.aborted) {
          throw new ProviderError(`Unable to remove network "${prior.name}"`, { detail: engineMessage(error) });
        }
        await sleep(1000, undefined, { signal }).catch(() => undefined);
      }
    }
  },
  import: ({ id }) => ({ id }),
});
