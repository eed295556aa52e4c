// Warren's `registry.terraform.io/kreuzwerker/docker`: the provider block (schema of provider 3.x)
// and its wiring. A reattached provider is not terraform's child, so the environment it reads
// (DOCKER_HOST, DOCKER_CERT_PATH, ...) is the one `env` gives, asked each time terraform
// configures the provider.
import fs from 'node:fs';
import path from 'node:path';
import { attribute, block, ProviderError, t } from '../tfplugin/index.js';
import { dockerContainer } from './container.js';
import { DEFAULT_DOCKER_HOST, dockerClient, type EngineTls } from './engine.js';
import { dockerImage } from './image.js';
import { type DockerProviderData, dockerKit, type RegistryAuth } from './kit.js';
import { dockerNetwork } from './network.js';
import { dockerVolume } from './volume.js';

export const DOCKER_PROVIDER_ADDRESS = 'registry.terraform.io/kreuzwerker/docker';

export type DockerEnv = Readonly<Record<string, string | undefined>>;

export interface DockerProviderOptions {
  /** The environment read for DOCKER_HOST and the other defaults; default none. */
  env?: () => DockerEnv;
  /** The working folder of the terraform command running; default this process's. */
  cwd?: () => string;
}

const providerSchema = {
  attributes: {
    host: attribute(t.string, { optional: true, description: 'The Docker daemon address (default DOCKER_HOST, else unix:///var/run/docker.sock).' }),
    context: attribute(t.string, { optional: true }),
    ssh_opts: attribute(t.list(t.string), { optional: true }),
    ca_material: attribute(t.string, { optional: true }),
    cert_material: attribute(t.string, { optional: true }),
    key_material: attribute(t.string, { optional: true, sensitive: true }),
    cert_path: attribute(t.string, { optional: true }),
    disable_docker_daemon_check: attribute(t.bool, { optional: true }),
  },
  blocks: {
    registry_auth: block.set({
      attributes: {
        address: attribute(t.string, { required: true }),
        username: attribute(t.string, { optional: true }),
        password: attribute(t.string, { optional: true, sensitive: true }),
        config_file: attribute(t.string, { optional: true }),
        config_file_content: attribute(t.string, { optional: true }),
        auth_disabled: attribute(t.bool, { optional: true }),
      },
    }),
  },
};

function readIf(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function dockerProvider(options: DockerProviderOptions = {}) {
  const env: () => DockerEnv = options.env ?? (() => ({}));
  return dockerKit.provider({
    schema: providerSchema,
    configure: ({ config }): DockerProviderData => {
      const current = env();
      const host = config.host || current.DOCKER_HOST || DEFAULT_DOCKER_HOST;
      if (host.startsWith('ssh://')) {
        throw new ProviderError('Unsupported Docker host', {
          detail: `"${host}": an ssh:// engine address is not served by the in-process docker provider; use a tcp:// or unix:// address, or the upstream provider.`,
          path: ['host'],
        });
      }
      const certPath = config.cert_path || current.DOCKER_CERT_PATH || '';
      const tls: EngineTls = {
        ca: config.ca_material || current.DOCKER_CA_MATERIAL || (certPath ? readIf(path.join(certPath, 'ca.pem')) : undefined),
        cert: config.cert_material || current.DOCKER_CERT_MATERIAL || (certPath ? readIf(path.join(certPath, 'cert.pem')) : undefined),
        key: config.key_material || current.DOCKER_KEY_MATERIAL || (certPath ? readIf(path.join(certPath, 'key.pem')) : undefined),
      };
      const registryAuth = new Map<string, RegistryAuth>();
      for (const auth of config.registry_auth ?? []) {
        if (auth.auth_disabled) continue;
        const username = auth.username || current.DOCKER_REGISTRY_USER || '';
        const password = auth.password || current.DOCKER_REGISTRY_PASS || '';
        if (username) registryAuth.set(auth.address.replace(/^https?:\/\//, ''), { username, password, serveraddress: auth.address });
      }
      return { docker: dockerClient(host, tls), host, registryAuth, cwd: options.cwd?.() ?? process.cwd() };
    },
    resources: {
      docker_image: dockerImage,
      docker_container: dockerContainer,
      docker_volume: dockerVolume,
      docker_network: dockerNetwork,
    },
  });
}
