/**
 * `warren speedtest WORKSPACE`: throughput between this machine and the workspace agent through
 * the server, in Coder's table (`Interval`, `Throughput`) or JSON. The receiving side measures
 * (see @warren/sdk/speedtest): this command for downloads, the agent for uploads.
 */
import { sendFor } from '@warren/node-kit/ws-sender';
import { SPEEDTEST_CHUNK_BYTES, SPEEDTEST_DONE, SPEEDTEST_MAX_DURATION_MS, speedtestResultSchema, ThroughputMeter, type SpeedtestResult } from '@warren/sdk';
import type { Command } from 'commander';
import type WebSocket from 'ws';
import { openAgentWebSocket, resolveAgent } from '../agent-dial';
import type { CommandContext } from '../context';
import { formatGoDuration } from '../go-duration';
import { CliError } from '../io';
import { collect } from '../output';
import { durationFlag } from '../go-duration';

const COLUMNS = ['interval', 'throughput'];

interface Flags {
  direct?: boolean;
  direction: string;
  time: string;
  pcapFile?: string;
  column?: string[];
  output: string;
}

/** Counts what the agent sends; attached before the socket opens, as the first bytes may come with the upgrade. */
function meterDownload(ws: WebSocket): Download {
  const meter = new ThroughputMeter(() => performance.now());
  ws.on('message', (data: Buffer) => meter.add(data.length));
  const ended = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return { meter, ended };
}

interface Download {
  meter: ThroughputMeter;
  ended: Promise<{ code: number; reason: string }>;
}

async function download({ meter, ended }: Download): Promise<SpeedtestResult> {
  const { code, reason } = await ended;
  if (code !== 1000) throw new CliError(`The download test stopped early: ${reason || `connection closed (${code})`}.`);
  return meter.result();
}

async function upload(ws: WebSocket, durationMs: number): Promise<SpeedtestResult> {
  const reply = new Promise<string>((resolve, reject) => {
    ws.on('message', (data, isBinary) => {
      if (!isBinary) resolve(String(data));
    });
    ws.once('close', (code, reason) => reject(new CliError(`The upload test stopped early: ${reason.toString() || `connection closed (${code})`}.`)));
  });
  reply.catch(() => undefined); // awaited below; a close during the upload must not go unhandled
  await sendFor(ws, durationMs, SPEEDTEST_CHUNK_BYTES);
  ws.send(SPEEDTEST_DONE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await reply);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError('The workspace agent answered the upload test with something that is not JSON.');
  }
  const result = speedtestResultSchema.safeParse(parsed);
  if (!result.success) throw new CliError('The workspace agent answered the upload test with an unexpected result.');
  return result.data;
}

function table(result: SpeedtestResult, columns: string[]): string {
  const cell = (i: SpeedtestResult['overall'], c: string) =>
    c === 'interval' ? `${i.start_time_seconds.toFixed(2)}-${i.end_time_seconds.toFixed(2)} sec` : `${i.throughput_mbits.toFixed(4)} Mbits/sec`;
  const rows = [...result.intervals.map((i) => columns.map((c) => cell(i, c))), null, columns.map((c) => cell(result.overall, c))];
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r ? r[i]!.length : 0))));
  const line = (cells: string[]) => cells.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  const total = widths.reduce((n, w) => n + w, 0) + 2 * (widths.length - 1);
  return [line(columns.map((c) => c.toUpperCase())), ...rows.map((r) => (r ? line(r) : '-'.repeat(total)))].join('\n') + '\n';
}

export function registerSpeedtest(program: Command, ctx: CommandContext): void {
  program
    .command('speedtest')
    .description('Run upload and download tests from your machine to a workspace')
    .argument('<workspace>', 'the workspace: [owner/]name[.agent]')
    .option('-d, --direct', 'wait for a direct connection before testing speed (Warren has none: refused)')
    .option('--direction <up|down>', 'up: this machine sends; down: the workspace sends', 'down')
    .option('-t, --time <duration>', 'the duration to monitor traffic', '5s')
    .option('--pcap-file <file>', 'write a network capture to this file (not available in Warren: refused)')
    .option('-c, --column <columns>', `columns to display in table output: ${COLUMNS.join(', ')}`, collect)
    .option('-o, --output <format>', 'table or json', 'table')
    .action(async (ref: string, flags: Flags) => {
      if (flags.direct) throw new CliError('Warren connects to workspaces only through the server, so there is no direct connection to wait for: run without --direct.');
      if (flags.pcapFile !== undefined) throw new CliError('--pcap-file is not available: Warren relays bytes over WebSockets and has no tunnel to capture packets from.');
      if (flags.direction !== 'up' && flags.direction !== 'down') throw new CliError(`--direction "${flags.direction}" must be "up" or "down".`);
      const durationMs = durationFlag('--time', flags.time, 100);
      if (durationMs > SPEEDTEST_MAX_DURATION_MS) throw new CliError(`--time may be at most ${formatGoDuration(SPEEDTEST_MAX_DURATION_MS)}.`);
      if (!['table', 'json'].includes(flags.output)) throw new CliError(`Unknown output format "${flags.output}": use "table" or "json".`);
      const columns = (flags.column ?? COLUMNS).flatMap((c) => c.split(',')).map((c) => c.trim().toLowerCase());
      const unknown = columns.find((c) => !COLUMNS.includes(c));
      if (unknown !== undefined) throw new CliError(`Unknown column "${unknown}". Available columns: ${COLUMNS.join(', ')}.`);

      const client = await ctx.client();
      const { agent } = await resolveAgent(client, ref);
      let down: Download | undefined;
      const path = `speedtest?direction=${flags.direction}&duration_ms=${Math.round(durationMs)}`;
      const ws = await openAgentWebSocket(client, agent.id, path, (w) => {
        if (flags.direction === 'down') down = meterDownload(w);
      });
      ws.on('error', () => undefined);
      ctx.io.stderr.write(`Starting a ${Math.floor(durationMs / 1000)}s ${flags.direction === 'up' ? 'upload' : 'download'} test...\n`);
      let result: SpeedtestResult;
      try {
        result = down ? await download(down) : await upload(ws, durationMs);
      } finally {
        ws.terminate();
      }
      ctx.io.stdout.write(flags.output === 'json' ? `${JSON.stringify(result, null, 2)}\n` : table(result, columns));
    });
}
