/**
 * `warren netcheck`: a JSON report of the network path to the deployment. Coder reports its DERP
 * relays and STUN results; Warren has neither (every connection to a workspace is relayed by the
 * server over HTTP and WebSockets), so the report measures that path instead: the access URL over
 * HTTP and a WebSocket echo through the server. `interfaces` keeps Coder's shape.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { SESSION_TOKEN_HEADER, type Client } from '@warren/sdk';
import type { Command } from 'commander';
import WebSocket from 'ws';
import type { CommandContext } from '../context';
import { describeError } from '../context';

const SAMPLES = 5;
const TIMEOUT_MS = 10_000;

type Severity = 'ok' | 'warning' | 'error';
interface Warning {
  code: string;
  message: string;
}

interface ProbeResult {
  reachable: boolean;
  status_code: number | null;
  latency_ms: number | null;
  samples_ms: number[];
  error: string | null;
}

export interface NetcheckReport {
  relay: {
    healthy: boolean;
    severity: Severity;
    warnings: Warning[];
    dismissed: false;
    error: string | null;
    access_url: string;
    http: ProbeResult & { url: string };
    websocket: ProbeResult & { url: string; connect_ms: number | null };
  };
  interfaces: {
    healthy: true;
    severity: 'ok';
    warnings: Warning[];
    dismissed: false;
    interfaces: Array<{ name: string; mtu: number; addresses: string[] }>;
  };
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
const median = (xs: number[]) => (xs.length ? round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!) : null);

async function probeHttp(client: Client): Promise<ProbeResult & { url: string }> {
  const url = new URL('/api/v2/buildinfo', client.url).toString();
  const samples: number[] = [];
  let status: number | null = null;
  try {
    for (let i = 0; i < SAMPLES; i++) {
      const started = performance.now();
      const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      await res.arrayBuffer();
      samples.push(round(performance.now() - started));
      status = res.status;
    }
    const ok = status !== null && status < 400;
    return { url, reachable: ok, status_code: status, latency_ms: median(samples), samples_ms: samples, error: ok ? null : `The server answered ${status}.` };
  } catch (err) {
    return { url, reachable: false, status_code: status, latency_ms: median(samples), samples_ms: samples, error: describeError(err) };
  }
}

async function probeWebSocket(client: Client): Promise<ProbeResult & { url: string; connect_ms: number | null }> {
  const url = new URL('/api/v2/debug/ws', client.url);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const result = { url: url.toString(), reachable: false, status_code: null as number | null, connect_ms: null as number | null, latency_ms: null as number | null, samples_ms: [] as number[], error: null as string | null };
  const headers = client.sessionToken ? { [SESSION_TOKEN_HEADER]: client.sessionToken } : undefined;
  const started = performance.now();
  const ws = new WebSocket(url, { headers, handshakeTimeout: TIMEOUT_MS, perMessageDeflate: false });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('upgrade', (res) => (result.status_code = res.statusCode ?? null));
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => {
        result.status_code = res.statusCode ?? null;
        res.resume();
        reject(new Error(`The server refused the WebSocket upgrade with status ${res.statusCode}.`));
      });
      ws.once('error', reject);
    });
    result.connect_ms = round(performance.now() - started);
    for (let i = 0; i < SAMPLES; i++) {
      const payload = `netcheck ${i}`;
      const sent = performance.now();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('The echo did not come back within 10 seconds.')), TIMEOUT_MS);
        ws.once('message', (data) => {
          clearTimeout(timer);
          if (String(data) === payload) resolve();
          else reject(new Error('The echo came back changed.'));
        });
        ws.send(payload);
      });
      result.samples_ms.push(round(performance.now() - sent));
    }
    result.reachable = true;
    result.latency_ms = median(result.samples_ms);
  } catch (err) {
    result.error = describeError(err);
  } finally {
    ws.terminate();
  }
  return result;
}

function networkInterfaces(): NetcheckReport['interfaces']['interfaces'] {
  return Object.entries(os.networkInterfaces()).map(([name, addrs]) => {
    let mtu = 0;
    try {
      mtu = Number(readFileSync(`/sys/class/net/${name}/mtu`, 'utf8').trim()) || 0;
    } catch {
      // Not Linux, or the interface vanished: MTU unknown.
    }
    return { name, mtu, addresses: (addrs ?? []).map((a) => a.cidr ?? a.address) };
  });
}

export async function netcheck(client: Client): Promise<NetcheckReport> {
  const [http, websocket] = [await probeHttp(client), await probeWebSocket(client)];
  const warnings: Warning[] = [];
  if (http.reachable && !websocket.reachable) {
    warnings.push({
      code: 'EWS01',
      message: `WebSockets do not get through to the server (${websocket.error}); terminals, SSH and port forwarding need them. Check proxies between here and ${client.url.origin}.`,
    });
  }
  const severity: Severity = !http.reachable ? 'error' : warnings.length ? 'warning' : 'ok';
  return {
    relay: {
      healthy: severity === 'ok',
      severity,
      warnings,
      dismissed: false,
      error: http.reachable ? null : http.error,
      access_url: client.url.toString().replace(/\/$/, ''),
      http,
      websocket,
    },
    interfaces: { healthy: true, severity: 'ok', warnings: [], dismissed: false, interfaces: networkInterfaces() },
  };
}

export function registerNetcheck(program: Command, ctx: CommandContext): void {
  program
    .command('netcheck')
    .description('Print network debug information about the path to the deployment')
    .action(async () => {
      const client = await ctx.client();
      ctx.io.stderr.write('Gathering a network report. This may take a few seconds...\n\n');
      ctx.print(JSON.stringify(await netcheck(client), null, 2));
    });
}
