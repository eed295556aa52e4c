/**
 * `warren ping WORKSPACE`: round trips to the workspace agent through the server, printed as
 * Coder prints them. Each ping is a message the agent echoes back over one `/ping` stream; Warren
 * has no direct (p2p) connections, so every pong is "proxied" via the server.
 */
import type { Command } from 'commander';
import { closed, openAgentWebSocket, resolveAgent } from '../agent-dial';
import { pingOnce } from '../agent-ping';
import type { CommandContext } from '../context';
import { durationFlag, formatGoDuration } from '../go-duration';
import { CliError } from '../io';
import { formatTable } from '../output';

interface Flags {
  wait: string;
  timeout: string;
  num?: string;
  time?: boolean;
  utc?: boolean;
}

/** Running latency statistics, as Coder's ping summary keeps them (Welford's variance). */
class PingSummary {
  total = 0;
  successful = 0;
  private min = Infinity;
  private max = -Infinity;
  private sum = 0;
  private mean = 0;
  private m2 = 0;

  add(ms: number | undefined): void {
    this.total++;
    if (ms === undefined) return;
    this.successful++;
    this.min = Math.min(this.min, ms);
    this.max = Math.max(this.max, ms);
    this.sum += ms;
    const s = ms / 1000;
    const d = s - this.mean;
    this.mean += d / this.successful;
    this.m2 += d * (s - this.mean);
  }

  table(workspace: string): string {
    const ok = this.successful > 0;
    const row = {
      workspace,
      total: this.total,
      successful: this.successful,
      min: ok ? formatGoDuration(this.min) : '',
      avg: ok ? formatGoDuration(this.sum / this.successful) : '',
      max: ok ? formatGoDuration(this.max) : '',
      // Coder reports the variance of the latency in seconds² as a duration of that many seconds.
      variance: this.successful > 1 ? formatGoDuration((this.m2 / (this.successful - 1)) * 1000) : '',
    };
    const text = formatTable([row], ['workspace', 'total', 'successful', 'min', 'avg', 'max', 'variance']);
    return `${'-'.repeat(text.split('\n')[0]!.length)}\n${text}`;
  }
}

export function registerPing(program: Command, ctx: CommandContext): void {
  program
    .command('ping')
    .description('Ping a workspace')
    .argument('<workspace>', 'the workspace: [owner/]name[.agent]')
    .option('--wait <duration>', 'how long to wait between pings', '1s')
    .option('-t, --timeout <duration>', 'how long to wait for a ping to complete', '5s')
    .option('-n, --num <count>', 'the number of pings to perform; by default, pings continue until interrupted')
    .option('--time', 'show the response time of each pong in local time')
    .option('--utc', 'show the response time of each pong in UTC (implies --time)')
    .action(async (ref: string, flags: Flags) => {
      const waitMs = durationFlag('--wait', flags.wait);
      const timeoutMs = durationFlag('--timeout', flags.timeout, 1);
      let num = 0;
      if (flags.num !== undefined) {
        num = Number(flags.num);
        if (!/^\d+$/.test(flags.num) || !Number.isSafeInteger(num)) throw new CliError(`--num "${flags.num}" must be a whole number (0 pings until interrupted).`);
      }
      const client = await ctx.client();
      const { workspace, agent } = await resolveAgent(client, ref);
      const via = `Warren(${client.url.host})`;
      const ws = await openAgentWebSocket(client, agent.id, 'ping');
      ws.on('error', () => undefined);
      let interrupted = false;
      const stop = () => (interrupted = true);
      process.once('SIGINT', stop);
      const summary = new PingSummary();
      try {
        for (let n = 1; ; n++) {
          const ms = await pingOnce(ws, `ping ${n}`, timeoutMs);
          summary.add(ms);
          if (ms === undefined) {
            ctx.print(`ping to "${ref}" timed out`);
          } else {
            const now = new Date();
            const stamp = flags.utc ? `[${now.toISOString().replace(/\.\d+Z$/, 'Z')}] ` : flags.time ? `[${localRfc3339(now)}] ` : '';
            ctx.print(`${stamp}pong from ${ref} proxied via ${via} in ${formatGoDuration(Math.round(ms))}`);
          }
          if (n === num || interrupted) break;
          await new Promise((r) => setTimeout(r, waitMs));
          if (interrupted) break;
        }
      } finally {
        process.off('SIGINT', stop);
        ws.close(1000);
        await Promise.race([closed(ws), new Promise((r) => setTimeout(r, 1000))]);
        ws.terminate();
      }
      ctx.io.stderr.write(`❗ You are connected through the Warren server: it relays every connection to ${workspace.name}; there are no direct (p2p) connections.\n`);
      ctx.io.stdout.write(summary.table(ref));
    });
}

/** RFC 3339 in local time with the zone offset, as Go formats time.RFC3339. */
function localRfc3339(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone = off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${zone}`;
}
