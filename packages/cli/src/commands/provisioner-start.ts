import { ApiError, Client, type OptionValues } from '@warren/sdk';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { createLogger, loggingOptions } from '../logger';

/**
 * `warren provisioner start`: authenticates with a provisioner key, a pre-shared key or the
 * user's session, runs one daemon until SIGINT/SIGTERM (finishing the running job first), and
 * exits non-zero with the server's sentence when the server refuses it.
 */
export async function runProvisionerStart(ctx: CommandContext, values: OptionValues): Promise<void> {
  const { resolveProvisionerStartConfig, startExternalProvisioner } = await import('@warren/provisionerd');
  let config;
  let logging;
  try {
    config = resolveProvisionerStartConfig(values);
    logging = loggingOptions(values);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const url = await ctx.url();
  if (!url) throw new CliError("No deployment URL: set CODER_URL, pass --url, or log in with 'warren login <url>'.");

  let auth: { kind: 'key'; key: string } | { kind: 'psk'; psk: string } | { kind: 'session'; token: string };
  let organization = config.organization;
  if (config.key) {
    auth = { kind: 'key', key: config.key };
    if (!organization) {
      const key = await new Client(url).provisionerKeyBySecret(config.key).catch((err: unknown) => {
        if (err instanceof ApiError) throw new CliError(`The server refused the provisioner key: ${err.response.message} ${err.response.detail ?? ''}`.trim());
        throw err;
      });
      organization = key.organization;
    }
  } else if (config.psk) {
    auth = { kind: 'psk', psk: config.psk };
  } else {
    const token = await ctx.token();
    if (!token) {
      throw new CliError("You are not logged in: run 'warren login <url>', set CODER_SESSION_TOKEN, or use --key or --psk.");
    }
    auth = { kind: 'session', token };
  }

  const logger = createLogger(logging);
  let refused: Error | undefined;
  let wake: () => void = () => undefined;
  const stopped = new Promise<string>((resolve) => {
    wake = () => resolve('refused');
    const onSignal = (signal: string) => () => resolve(signal);
    process.once('SIGINT', onSignal('SIGINT'));
    process.once('SIGTERM', onSignal('SIGTERM'));
  });
  const daemon = await startExternalProvisioner({
    config,
    url: new URL(url),
    organization: organization ?? 'default',
    auth,
    logger,
    onRefused: (err) => {
      refused = err;
      wake();
    },
  });
  logger.info({ name: config.name, tags: config.tags, auth: auth.kind, url }, 'starting provisioner daemon');
  const reason = await stopped;
  if (reason !== 'refused') {
    logger.info({ signal: reason }, 'shutting down: finishing the current job first (signal again to force)');
    const force = () => process.exit(1);
    process.once('SIGINT', force);
    process.once('SIGTERM', force);
  }
  await daemon.close();
  logger.info('provisioner daemon stopped');
  logger.flush();
  if (refused) throw new CliError(`The server refused the provisioner daemon: ${refused.message}`);
}
