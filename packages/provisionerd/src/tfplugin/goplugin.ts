// The gRPC server a go-plugin host (terraform) talks to: the provider service plus go-plugin's
// controller, stdio and broker services and gRPC health, on a private unix socket.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, type ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { createProviderService } from './provider-service.js';
import type { ProviderDefinition } from './provider.js';
import {
  type GRPCBrokerServer, GRPCBrokerService, type GRPCControllerServer, GRPCControllerService, type GRPCStdioServer, GRPCStdioService,
} from './proto/goplugin.js';
import { HealthCheckResponse_ServingStatus, type HealthServer, HealthService } from './proto/health.js';
import { ProviderService } from './proto/tfplugin6.js';
import type { BlockSchema } from './schema.js';

export interface PluginServerOptions {
  /** Folder for the socket's private folder; defaults to the system temp folder. */
  socketDir?: string;
  /** Called with each Provider RPC's name (for example "PlanResourceChange") as it arrives. */
  onCall?: (method: string) => void;
  /** Called when the host asks the plugin to exit (GRPCController.Shutdown). */
  onShutdown?: () => void;
}

export interface PluginServer {
  readonly socketPath: string;
  /** Ends open streams, lets calls in flight answer (for a short while) and removes the socket. */
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
const CLOSE_GRACE_MS = 1000;

export async function startPluginServer<P>(
  definition: ProviderDefinition<BlockSchema, P>,
  credentials: ServerCredentials,
  options: PluginServerOptions = {},
): Promise<PluginServer> {
  const provider = createProviderService(definition);
  const server = new Server({ 'grpc.max_receive_message_length': MAX_MESSAGE_BYTES, 'grpc.max_send_message_length': MAX_MESSAGE_BYTES });
  server.addService(ProviderService, withCallLog(provider.implementation, options.onCall));
  const controller: GRPCControllerServer = {
    shutdown: (_call, callback) => {
      callback(null, {});
      setImmediate(() => options.onShutdown?.());
    },
  };
  // Streams stay open until the host hangs up or the server closes.
  const openStreams = new Set<{ end(): void }>();
  const keepOpen = (stream: { end(): void; on(event: 'close', listener: () => void): unknown }) => {
    openStreams.add(stream);
    stream.on('close', () => openStreams.delete(stream));
  };
  // Warren's plugins write their logs to stderr themselves, so the stdio stream stays empty.
  const stdio: GRPCStdioServer = { streamStdio: keepOpen };
  const broker: GRPCBrokerServer = {
    startStream: (call) => {
      keepOpen(call);
      call.on('data', () => {});
      call.on('end', () => call.end());
    },
  };
  const health: HealthServer = {
    check: (_call, callback) => callback(null, { status: HealthCheckResponse_ServingStatus.SERVING }),
  };
  server.addService(GRPCControllerService, controller);
  server.addService(GRPCStdioService, stdio);
  server.addService(GRPCBrokerService, broker);
  server.addService(HealthService, health);

  const dir = await mkdtemp(join(options.socketDir ?? tmpdir(), 'plugin'));
  const socketPath = join(dir, 'provider.sock');
  try {
    await new Promise<void>((resolve, reject) =>
      server.bindAsync(`unix://${socketPath}`, credentials, (error) => (error ? reject(error) : resolve())));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    socketPath,
    async close() {
      provider.stop();
      for (const stream of openStreams) stream.end();
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, CLOSE_GRACE_MS);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function withCallLog<S extends UntypedServiceImplementation>(implementation: S, onCall: ((method: string) => void) | undefined): S {
  if (!onCall) return implementation;
  const logged: UntypedServiceImplementation = {};
  for (const [name, handler] of Object.entries(implementation)) {
    const method = name[0]!.toUpperCase() + name.slice(1);
    logged[name] = ((call: unknown, callback: unknown) => {
      onCall(method);
      return (handler as (call: unknown, callback: unknown) => void)(call, callback);
    }) as typeof handler;
  }
  return logged as S;
}
