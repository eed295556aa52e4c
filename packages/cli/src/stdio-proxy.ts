/**
 * OpenSSH's ProxyCommand side of `warren ssh --stdio` and `warren vscodessh`: stdin and stdout
 * joined to the agent's raw SSH stream, with the network-info file the VS Code extension reads
 * when asked for one.
 */
import type { Client } from '@warren/sdk';
import { closed, openAgentStream } from './agent-dial';
import type { CommandContext } from './context';
import { startNetworkInfo, type ByteCounters } from './network-info';

export interface StdioProxyOptions {
  networkInfoDir?: string;
  networkInfoIntervalMs?: number;
  /** Where problems writing the network information are told (stderr by default). */
  onError?: (message: string) => void;
}

export async function proxyStdio(ctx: CommandContext, client: Client, agentId: string, o: StdioProxyOptions = {}): Promise<void> {
  const counters: ByteCounters = { sent: 0, received: 0 };
  const { stdin, stdout, stderr } = ctx.io;
  // The first figures are measured while the SSH stream is dialled, so the file is there before
  // OpenSSH's handshake is over: a short session hangs up on its ProxyCommand when it is done.
  const networkInfo = o.networkInfoDir
    ? startNetworkInfo({
        client,
        agentId,
        dir: o.networkInfoDir,
        intervalMs: o.networkInfoIntervalMs ?? 5000,
        counters,
        onError: o.onError ?? ((message) => stderr.write(`${message}\n`)),
      })
    : undefined;
  const { ws, stream } = await openAgentStream(client, agentId, 'ssh').catch(async (err: unknown) => {
    (await networkInfo?.catch(() => undefined))?.();
    throw err;
  });
  stdin.on('data', (chunk: Buffer) => (counters.sent += chunk.length));
  stream.on('data', (chunk: Buffer) => (counters.received += chunk.length));
  stdin.pipe(stream);
  stream.pipe(stdout, { end: false });
  stream.on('error', () => undefined);
  const stopNetworkInfo = await networkInfo;
  try {
    await closed(ws);
  } finally {
    stopNetworkInfo?.();
    stdin.unpipe(stream);
  }
}
