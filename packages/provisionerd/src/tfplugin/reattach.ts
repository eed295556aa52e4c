// Reattach mode: the provider runs inside this process, and terraform connects to it through
// TF_REATTACH_PROVIDERS instead of starting a plugin process. Rules (terraform 1.11, go-plugin
// 1.6): protocol 6 needs `Test: true` (else terraform treats it as protocol 5 and panics), which
// also stops terraform from calling Shutdown or killing `Pid`; there is no TLS. If terraform
// cannot dial the socket it SIGKILLs `Pid`, so by default `Pid` is a sentinel `sleep` process owned
// by the server rather than this process.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { ServerCredentials } from '@grpc/grpc-js';
import { type PluginServer, type PluginServerOptions, startPluginServer } from './goplugin.js';
import type { ProviderDefinition } from './provider.js';
import type { BlockSchema } from './schema.js';

export interface ReattachEntry {
  Protocol: 'grpc';
  ProtocolVersion: 6;
  Pid: number;
  Test: true;
  Addr: { Network: 'unix'; String: string };
}

export interface ReattachOptions extends Omit<PluginServerOptions, 'onShutdown'> {
  /** The provider's source address; default `registry.terraform.io/coder/coder`. */
  address?: string;
  /** The pid terraform records (and kills if the socket cannot be dialled); default a sentinel child. */
  pid?: number;
}

export interface ReattachServer extends PluginServer {
  /** This provider's entry, to merge with others into TF_REATTACH_PROVIDERS. */
  readonly providers: Record<string, ReattachEntry>;
  /** The environment to add to terraform's. */
  readonly env: { TF_REATTACH_PROVIDERS: string };
}

export async function serveReattach<P>(definition: ProviderDefinition<BlockSchema, P>, options: ReattachOptions = {}): Promise<ReattachServer> {
  const sentinel = options.pid === undefined ? spawn('sleep', ['infinity'], { stdio: 'ignore' }) : undefined;
  if (sentinel) await once(sentinel, 'spawn');
  const server = await startPluginServer(definition, ServerCredentials.createInsecure(), options).catch((error: unknown) => {
    sentinel?.kill();
    throw error;
  });
  const providers = {
    [options.address ?? 'registry.terraform.io/coder/coder']: {
      Protocol: 'grpc',
      ProtocolVersion: 6,
      Pid: options.pid ?? sentinel!.pid!,
      Test: true,
      Addr: { Network: 'unix', String: server.socketPath },
    } satisfies ReattachEntry,
  };
  return {
    socketPath: server.socketPath,
    providers,
    env: { TF_REATTACH_PROVIDERS: JSON.stringify(providers) },
    async close() {
      sentinel?.kill();
      await server.close();
    },
  };
}
