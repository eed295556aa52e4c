// The typed kit every docker resource is declared with, and what `configure` hands them.
import type Docker from 'dockerode';
import { attribute, providerKit, t } from '../tfplugin/index.js';

export interface RegistryAuth {
  username: string;
  password: string;
  serveraddress: string;
}

export interface DockerProviderData {
  docker: Docker;
  /** The engine address in use, for messages. */
  host: string;
  /** Credentials for pulls, by registry host. */
  registryAuth: ReadonlyMap<string, RegistryAuth>;
  /** Terraform's working folder when configured: relative paths (a build context) are read from it. */
  cwd: string;
}

/** The registry credentials for an image name (`registry.example:5000/team/app:1` → that registry's). */
export function authFor(data: DockerProviderData, image: string): RegistryAuth | undefined {
  const first = image.split('/')[0]!;
  const registry = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'registry-1.docker.io';
  return data.registryAuth.get(registry) ?? (registry === 'registry-1.docker.io' ? data.registryAuth.get('docker.io') : undefined);
}

export const dockerKit = providerKit<DockerProviderData>();

/** The `labels { label, value }` block's schema, shared by containers, volumes and networks. */
export const labelSchema = {
  attributes: {
    label: attribute(t.string, { required: true, forceNew: true }),
    value: attribute(t.string, { required: true, forceNew: true }),
  },
};

export type LabelBlock = { label: string; value: string };

export const labelsToMap = (labels: readonly LabelBlock[] | null | undefined): Record<string, string> =>
  Object.fromEntries((labels ?? []).map(({ label, value }) => [label, value]));

export const mapToLabels = (labels: Readonly<Record<string, string>> | null | undefined): LabelBlock[] =>
  Object.entries(labels ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([label, value]) => ({ label, value }));
