/**
 * `warren port-forward WORKSPACE --tcp [ADDRESS:]LOCAL[:REMOTE] --udp ...`: listens on local ports
 * and carries each TCP connection, or each UDP peer's datagrams, to a port on the workspace's
 * loopback, one server `/tcp` or `/udp` stream per connection or peer. Port ranges
 * (`8000-8005`, `9000-9001:9100-9101`) and comma lists are accepted, as in Coder. Runs until
 * interrupted.
 */
import net from 'node:net';
import type { Command } from 'commander';
import { pipeWebSocketToSocket } from '@warren/node-kit/ws-pipe';
import { openAgentWebSocket, resolveAgent } from '../agent-dial';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { collect } from '../output';
import { parsePortForwards, type PortForward } from '../port-specs';
import { forwardUdp } from '../udp-forward';

const envList = (raw: string | undefined): string[] => (raw ? [raw] : []);

export function registerPortForward(program: Command, ctx: CommandContext): void {
  program
    .command('port-forward')
    .description('Forward ports from the local machine to a workspace')
    .argument('<workspace>', 'the workspace: [owner/]name[.agent]')
    .option('-p, --tcp <[address:]local[:remote]>', 'forward local TCP port(s) to workspace port(s); repeatable, ranges and comma lists allowed (env: CODER_PORT_FORWARD_TCP)', collect)
    .option('--udp <[address:]local[:remote]>', 'forward local UDP port(s) to workspace port(s), one stream per peer; repeatable (env: CODER_PORT_FORWARD_UDP)', collect)
    .action(async (ref: string, flags: { tcp?: string[]; udp?: string[] }) => {
      const specs = parsePortForwards(flags.tcp ?? envList(ctx.io.env.CODER_PORT_FORWARD_TCP), flags.udp ?? envList(ctx.io.env.CODER_PORT_FORWARD_UDP));
      if (specs.length === 0) throw new CliError('Give at least one port to forward, e.g. --tcp 8080:80 or --udp 9000.');
      const client = await ctx.client();
      const { agent, workspace } = await resolveAgent(client, ref);
      const closers: (() => void)[] = [];
      const report = (message: string) => ctx.io.stderr.write(`${message}\n`);
      try {
        for (const spec of specs) {
          if (spec.network === 'udp') {
            const close = await forwardUdp(spec, {
              open: (port, attach) => openAgentWebSocket(client, agent.id, `udp?port=${port}`, attach),
              onError: report,
            }).catch((err: Error) => {
              throw new CliError(`Cannot listen on UDP ${spec.address}:${spec.local}: ${err.message}`);
            });
            closers.push(close);
            ctx.print(`Forwarding ${spec.address}:${spec.local} (udp) to UDP port ${spec.remote} of ${workspace.name}`);
          } else {
            closers.push(await forwardTcp(spec, (sock) => {
              openAgentWebSocket(client, agent.id, `tcp?port=${spec.remote}`, (ws) => pipeWebSocketToSocket(ws, sock)).catch((err: unknown) => {
                report(`Connection to port ${spec.remote} of ${workspace.name} failed: ${(err as Error).message}`);
                sock.destroy();
              });
            }));
            ctx.print(`Forwarding ${spec.address}:${spec.local} to port ${spec.remote} of ${workspace.name}`);
          }
        }
        ctx.print('Ready. Press Ctrl+C to stop.');
        await new Promise<void>((resolve) => {
          const end = () => {
            process.off('SIGINT', end);
            process.off('SIGTERM', end);
            resolve();
          };
          process.once('SIGINT', end);
          process.once('SIGTERM', end);
        });
      } finally {
        for (const close of closers) close();
      }
    });
}

/** Listens for TCP connections on the spec's local address; resolves with a close function. */
async function forwardTcp(spec: PortForward, onConnection: (sock: net.Socket) => void): Promise<() => void> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.once('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    onConnection(sock);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new CliError(`Cannot listen on ${spec.address}:${spec.local}: ${err.message}`)));
    server.listen(spec.local, spec.address, () => resolve());
  });
  return () => {
    server.close();
    for (const s of sockets) s.destroy();
  };
}
