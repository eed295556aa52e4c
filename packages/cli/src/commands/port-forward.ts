/**
 * `warren port-forward WORKSPACE --tcp [ADDRESS:]LOCAL:REMOTE ...`: listens on local ports and
 * carries each accepted connection to a port on the workspace's loopback, one server `/tcp`
 * stream per connection. Runs until interrupted.
 */
import net from 'node:net';
import type { Command } from 'commander';
import { pipeWebSocketToSocket } from '@warren/node-kit/ws-pipe';
import { openAgentWebSocket, resolveAgent } from '../agent-dial';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { collect } from '../output';

export interface TcpForward {
  address: string;
  local: number;
  remote: number;
}

function port(text: string, spec: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535) throw new CliError(`--tcp "${spec}": "${text}" is not a port (1-65535).`);
  return n;
}

/** `8080`, `8080:80` or `0.0.0.0:8080:80`. */
export function parseTcpSpec(spec: string): TcpForward {
  const parts = spec.split(':');
  if (parts.length === 1) return { address: '127.0.0.1', local: port(parts[0]!, spec), remote: port(parts[0]!, spec) };
  if (parts.length === 2) return { address: '127.0.0.1', local: port(parts[0]!, spec), remote: port(parts[1]!, spec) };
  if (parts.length === 3 && net.isIP(parts[0]!)) return { address: parts[0]!, local: port(parts[1]!, spec), remote: port(parts[2]!, spec) };
  throw new CliError(`--tcp "${spec}" must have the form [address:]local:remote, e.g. 8080:80.`);
}

export function registerPortForward(program: Command, ctx: CommandContext): void {
  program
    .command('port-forward')
    .description('Forward ports from the local machine to a workspace')
    .argument('<workspace>', 'the workspace: [owner/]name[.agent]')
    .option('-p, --tcp <[address:]local:remote>', 'forward a local TCP port to a workspace port (repeatable)', collect)
    .action(async (ref: string, flags: { tcp?: string[] }) => {
      const specs = (flags.tcp ?? []).flatMap((s) => s.split(',')).filter(Boolean).map(parseTcpSpec);
      if (specs.length === 0) throw new CliError('Give at least one port to forward, e.g. --tcp 8080:80.');
      const client = await ctx.client();
      const { agent, workspace } = await resolveAgent(client, ref);
      const servers: net.Server[] = [];
      const sockets = new Set<net.Socket>();
      const stop = () => {
        for (const s of servers) s.close();
        for (const s of sockets) s.destroy();
      };
      try {
        for (const spec of specs) {
          const server = net.createServer((sock) => {
            sockets.add(sock);
            sock.once('close', () => sockets.delete(sock));
            sock.on('error', () => undefined);
            openAgentWebSocket(client, agent.id, `tcp?port=${spec.remote}`, (ws) => pipeWebSocketToSocket(ws, sock)).then(
              () => undefined,
              (err: unknown) => {
                ctx.io.stderr.write(`Connection to port ${spec.remote} of ${workspace.name} failed: ${(err as Error).message}\n`);
                sock.destroy();
              },
            );
          });
          await new Promise<void>((resolve, reject) => {
            server.once('error', (err) => reject(new CliError(`Cannot listen on ${spec.address}:${spec.local}: ${err.message}`)));
            server.listen(spec.local, spec.address, () => resolve());
          });
          servers.push(server);
          ctx.print(`Forwarding ${spec.address}:${spec.local} to port ${spec.remote} of ${workspace.name}`);
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
        stop();
      }
    });
}
