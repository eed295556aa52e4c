// Serves the docker provider in this process for one job (or one hand-run terraform): its own unix
// socket, handed to terraform through TF_REATTACH_PROVIDERS. `env` is read each time terraform
// configures the provider, for DOCKER_HOST and the other defaults the upstream provider reads.
import { type ReattachServer, serveReattach } from '../tfplugin/index.js';
import { DOCKER_PROVIDER_ADDRESS, type DockerEnv, dockerProvider } from './provider.js';

export interface ServeDockerProviderOptions {
  env?: DockerEnv | (() => DockerEnv);
  /** The folder terraform runs in (relative build contexts are read from it); default this process's. */
  cwd?: () => string;
  socketDir?: string;
  onCall?: (method: string) => void;
}

export async function serveDockerProvider(options: ServeDockerProviderOptions = {}): Promise<ReattachServer> {
  const { env } = options;
  const definition = dockerProvider({ env: typeof env === 'function' ? env : () => env ?? process.env, cwd: options.cwd });
  return serveReattach(definition, { address: DOCKER_PROVIDER_ADDRESS, socketDir: options.socketDir, onCall: options.onCall });
}
