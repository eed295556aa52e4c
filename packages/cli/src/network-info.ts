/**
 * The network figures Coder's VS Code extension shows in its status bar: while an SSH ProxyCommand
 * runs, `{dir}/{pid of ssh}.json` is rewritten every interval with Coder's fields. Warren relays
 * every connection through its server (no direct or p2p paths), so `p2p` is false and the relay
 * is the server itself.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@warren/sdk';
import { openAgentWebSocket } from './agent-dial';
import { pingOnce } from './agent-ping';

export interface NetworkInfo {
  p2p: boolean;
  /** Round trip to the agent, in milliseconds. */
  latency: number;
  preferred_derp: string;
  derp_latency: Record<string, number>;
  upload_bytes_sec: number;
  download_bytes_sec: number;
  using_coder_connect: boolean;
}

/** Bytes carried so far, counted by the caller. */
export interface ByteCounters {
  sent: number;
  received: number;
}

export interface NetworkInfoOptions {
  client: Client;
  agentId: string;
  dir: string;
  intervalMs: number;
  counters: ByteCounters;
  /** Whose file it is: OpenSSH runs the ProxyCommand, so by default its parent's pid. */
  pid?: number;
  onError?: (message: string) => void;
}

/** Writes the first figures at once, then every interval; the returned function stops it. */
export async function startNetworkInfo(o: NetworkInfoOptions): Promise<() => void> {
  await mkdir(o.dir, { recursive: true, mode: 0o700 });
  const file = path.join(o.dir, `${o.pid ?? process.ppid}.json`);
  const relay = `Warren server (${o.client.url.host})`;
  const ws = await openAgentWebSocket(o.client, o.agentId, 'ping');
  ws.on('error', () => undefined);
  let stopped = false;
  let last = { at: performance.now(), sent: o.counters.sent, received: o.counters.received };
  let n = 0;

  const write = async () => {
    const latency = (await pingOnce(ws, `network-info ${++n}`, Math.min(o.intervalMs, 5000)).catch(() => undefined)) ?? 0;
    const now = { at: performance.now(), sent: o.counters.sent, received: o.counters.received };
    const seconds = Math.max((now.at - last.at) / 1000, 0.001);
    const info: NetworkInfo = {
      p2p: false,
      latency: Math.round(latency * 1000) / 1000,
      preferred_derp: relay,
      derp_latency: { [relay]: Math.round(latency * 1000) / 1000 },
      upload_bytes_sec: Math.round((now.sent - last.sent) / seconds),
      download_bytes_sec: Math.round((now.received - last.received) / seconds),
      using_coder_connect: false,
    };
    last = now;
    // A reader never sees a half-written file.
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(info), { mode: 0o600 });
    await rename(tmp, file);
  };

  let timer: NodeJS.Timeout | undefined;
  const loop = async () => {
    try {
      await write();
    } catch (err) {
      o.onError?.(`Could not write network information to ${file}: ${(err as Error).message}`);
    }
    if (!stopped) timer = setTimeout(() => void loop(), o.intervalMs);
  };
  await loop();
  return () => {
    stopped = true;
    clearTimeout(timer);
    ws.close(1000);
  };
}
