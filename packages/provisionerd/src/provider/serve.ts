// Serves the coder provider in this process for one job (or one hand-run terraform): its own
// unix socket, handed to terraform through TF_REATTACH_PROVIDERS. Each time terraform configures
// the provider, it reads that terraform process's environment (see process-env.ts), so plans of
// different transitions in one job each see their own variables; `env` is used where that
// environment cannot be read.
import { type ReattachServer, serveReattach } from '../tfplugin/index.js';
import type { Env } from './env.js';
import { findProcessEnv } from './process-env.js';
import { CODER_PROVIDER_ADDRESS, coderProvider } from './provider.js';

export interface ServeCoderProviderOptions {
  /** What the provider reads when terraform's own environment cannot be found. Default: none. */
  env?: Env;
  /** Folder for the socket's private folder; default the system temp folder. */
  socketDir?: string;
  /** Called with each provider RPC's name as it arrives. */
  onCall?: (method: string) => void;
}

export async function serveCoderProvider(options: ServeCoderProviderOptions = {}): Promise<ReattachServer> {
  let marker: string | undefined;
  const definition = coderProvider({
    env: async () => (marker !== undefined ? await findProcessEnv('TF_REATTACH_PROVIDERS', marker) : undefined) ?? options.env ?? {},
  });
  const server = await serveReattach(definition, { address: CODER_PROVIDER_ADDRESS, socketDir: options.socketDir, onCall: options.onCall });
  marker = server.env.TF_REATTACH_PROVIDERS;
  return server;
}
