// Serves the coder provider in this process for one job (or one hand-run terraform): its own
// unix socket, handed to terraform through TF_REATTACH_PROVIDERS. A reattached provider is not
// terraform's child and cannot inherit its environment, so the caller says what the provider
// reads: `env` is looked up again each time terraform configures the provider, which lets a job
// serve the environment of the terraform command it is running (see daemon/coder-provider.ts).
import { type ReattachServer, serveReattach } from '../tfplugin/index.js';
import type { Env } from './env.js';
import { CODER_PROVIDER_ADDRESS, coderProvider } from './provider.js';

export interface ServeCoderProviderOptions {
  /** The environment the provider reads its inputs from, or how to get it each time. Default: none. */
  env?: Env | (() => Env);
  /** Folder for the socket's private folder; default the system temp folder. */
  socketDir?: string;
  /** Called with each provider RPC's name as it arrives. */
  onCall?: (method: string) => void;
}

export async function serveCoderProvider(options: ServeCoderProviderOptions = {}): Promise<ReattachServer> {
  const { env } = options;
  const definition = coderProvider({ env: typeof env === 'function' ? env : () => env ?? {} });
  return serveReattach(definition, { address: CODER_PROVIDER_ADDRESS, socketDir: options.socketDir, onCall: options.onCall });
}
