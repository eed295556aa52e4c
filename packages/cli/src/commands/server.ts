import path from 'node:path';
import { parseDuration, type OptionSpec } from '@warren/sdk';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { addOptionTable, readOptionTable } from '../options';
import { isBinary } from '../self';

/** How long a stopping server may take before it exits anyway. */
const GRACEFUL_TIMEOUT: OptionSpec = {
  flag: 'graceful-timeout',
  env: 'WARREN_GRACEFUL_TIMEOUT',
  default: '45s',
  kind: 'duration',
  description:
    'How long the server may take to shut down on SIGTERM or Ctrl+C: built-in provisioner daemons finish their jobs for two thirds of it, then cancel them; after it the process exits anyway.',
};

/** `warren server`: the control plane. Its package is loaded only when this command runs. */
export async function registerServer(program: Command, ctx: CommandContext): Promise<void> {
  if (isBinary()) {
    // The one-file binary carries the CLI and the agent; the server needs its checkout (site, PostgreSQL).
    program
      .command('server')
      .description('Start the Warren server (runs from a Warren server installation, not from this binary)')
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => {
        throw new CliError('`server` runs from a Warren server installation (`npx warren server` in its checkout); this one-file binary holds the CLI and the workspace agent.');
      });
    return;
  }
  const { SERVER_OPTIONS: TABLE } = await import('@warren/server/config/options');
  const SERVER_OPTIONS = [...TABLE, GRACEFUL_TIMEOUT];
  const cmd = program.command('server').description('Start the Warren server (API, built-in database, provisioner daemons)');
  addOptionTable(cmd, SERVER_OPTIONS).action(async () => {
    const { resolveServerConfig, startServer } = await import('@warren/server');
    const { daemonLoopFactory, resolveInProcessProviders } = await import('@warren/provisionerd');
    const { createLogger, loggingOptions } = await import('../logger');
    const values = readOptionTable(cmd, SERVER_OPTIONS, ctx.io.env);
    const config = resolveServerConfig(values, ctx.io.env);
    let inProcessProviders;
    try {
      inProcessProviders = resolveInProcessProviders(values['in-process-providers']);
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    const log = createLogger(loggingOptions(values));
    const graceMs = parseDuration(String(values['graceful-timeout'] ?? GRACEFUL_TIMEOUT.default));
    const server = await startServer(config, log, {
      provisionerDaemonLoop: daemonLoopFactory(path.join(config.configDir, 'provisioners'), {
        closeTimeoutMs: Math.floor((graceMs * 2) / 3),
        inProcessProviders,
      }),
    });
    const access = server.accessUrl.toString().replace(/\/$/, '');
    ctx.print(
      [
        ...(server.url.protocol === 'http:' ? [`Started HTTP listener at ${server.url.toString().replace(/\/$/, '')}`] : []),
        ...(server.tlsUrl ? [`Started TLS/HTTPS listener at ${server.tlsUrl.toString().replace(/\/$/, '')}`] : []),
        `View the API at ${access}/api/v2/buildinfo`,
        '',
        `Create the first user and log in with:  npx warren login ${access}`,
        '',
        '==> Logs will stream in below (press Ctrl+C to gracefully exit):',
      ].join('\n'),
    );
    await waitForSignal();
    ctx.print('Shutting down: press Ctrl+C again to force.');
    const force = () => process.exit(1);
    process.once('SIGINT', force);
    process.once('SIGTERM', force);
    const deadline = setTimeout(() => {
      log.error({ gracefulTimeout: `${graceMs / 1000}s` }, 'shutdown did not finish within the graceful timeout; exiting');
      process.exit(1);
    }, graceMs);
    deadline.unref();
    await server.close();
    clearTimeout(deadline);
    ctx.print('Server stopped.');
  });
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
