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
  const { ws, stream } = await openAgentStream(client, agentId, 'ssh');
  const counters: ByteCounters = { sent: 0, received: 0 };
  const { stdin, stdout, stderr } = ctx.io;
  stdin.on('data', (chunk: Buffer) => (counters.sent += chunk.length));
  stream.on('data', (chunk: Buffer) => (counters.received += chunk.length));
  stdin.pipe(stream);
  stream.pipe(stdout, { end: false });
  stream.on('error', () => undefined);
  const stopNetworkInfo = o.networkInfoDir
    ? await startNetworkInfo({
        client,
        agentId,
        dir: o.networkInfoDir,
        intervalMs: o.networkInfoIntervalMs ?? 5000,
        counters,
        onError: o.onError ?? ((message) => stderr.write(`${message}\n`)),
      })
    : undefined;
  try {
    await closed(ws);
  } finally {
    stopNetworkInfo?.();
    stdin.unpipe(stream);
  }
}
