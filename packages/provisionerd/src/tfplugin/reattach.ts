// Reattach mode: the provider runs inside this process, and terraform connects to it through
// TF_REATTACH_PROVIDERS instead of starting a plugin process. Rules (terraform 1.11, go-plugin
// 1.6): protocol 6 needs `Test: true` (else terraform treats it as protocol 5 and panics), which
// also stops terraform from calling Shutdown or killing `Pid`; there is no TLS. If terraform
// cannot dial the socket it SIGKILLs `Pid`, so by default `Pid` is a sentinel process rather than
// this one: one `cat` per process, shared by every provider served, reading a pipe from this
// process. It ends with the last served provider, or on its own when this process dies (even by
// SIGKILL: the pipe closes and `cat` reads its end).
import { type ChildProcess, spawn } from 'node:child_process';
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

let sentinel: { process: Promise<ChildProcess>; users: number } | undefined;

/** The shared sentinel's pid; `release` when the provider using it closes. */
async function acquireSentinel(): Promise<number> {
  if (!sentinel) {
    const child = spawn('cat', [], { stdio: ['pipe', 'ignore', 'ignore'] });
    // The sentinel must not keep this process alive, nor be waited for.
    child.unref();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
    child.stdin!.on('error', () => undefined);
    const current = { process: once(child, 'spawn').then(() => child), users: 0 };
    current.process.catch(() => {
      if (sentinel === current) sentinel = undefined;
    });
    child.once('exit', () => {
      if (sentinel === current) sentinel = undefined;
    });
    sentinel = current;
  }
  sentinel.users++;
  const current = sentinel;
  try {
    return (await current.process).pid!;
  } catch (error) {
    current.users--;
    throw error;
  }
}

function releaseSentinel(pid: number): void {
  if (!sentinel) return;
  void sentinel.process.then((child) => {
    if (child.pid !== pid || !sentinel || --sentinel.users > 0) return;
    sentinel = undefined;
    child.stdin?.end();
    child.kill();
  });
}

export async function serveReattach<P>(definition: ProviderDefinition<BlockSchema, P>, options: ReattachOptions = {}): Promise<ReattachServer> {
  const sentinelPid = options.pid === undefined ? await acquireSentinel() : undefined;
  const server = await startPluginServer(definition, ServerCredentials.createInsecure(), options).catch((error: unknown) => {
    if (sentinelPid !== undefined) releaseSentinel(sentinelPid);
    throw error;
  });
  let released = false;
  const providers = {
    [options.address ?? 'registry.terraform.io/coder/coder']: {
      Protocol: 'grpc',
      ProtocolVersion: 6,
      Pid: options.pid ?? sentinelPid!,
      Test: true,
      Addr: { Network: 'unix', String: server.socketPath },
    } satisfies ReattachEntry,
  };
  return {
    socketPath: server.socketPath,
    providers,
    env: { TF_REATTACH_PROVIDERS: JSON.stringify(providers) },
    async close() {
      if (sentinelPid !== undefined && !released) releaseSentinel(sentinelPid);
      released = true;
      await server.close();
    },
  };
}
