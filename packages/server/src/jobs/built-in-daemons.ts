import type { ProvisionerDaemonApi } from '@warren/sdk';
import type { Logger } from 'pino';
import type { ServerContext } from '../context';
import { getDefaultOrganization } from '../db/queries/organizations';
import { createProvisionerDaemonApi, type ServerProvisionerDaemonApi } from './daemon-api';

/** Coder's key id of built-in daemons. */
export const BUILT_IN_KEY_ID = '00000000-0000-0000-0000-000000000001';

/** A running daemon loop (packages/provisionerd): acquires jobs through `api` until closed. */
export interface DaemonLoop {
  close(): Promise<void>;
}

export type DaemonLoopFactory = (
  api: ProvisionerDaemonApi,
  options: { name: string; log: Logger; accessUrl: string },
) => DaemonLoop | Promise<DaemonLoop>;

export interface BuiltInDaemons {
  close(): Promise<void>;
}

/**
 * `--provisioner-daemons N`: registers N untagged daemons of the default organization and runs a
 * loop for each. The default organization appears with the first user, so this waits for it.
 */
export function startBuiltInProvisionerDaemons(ctx: ServerContext, count: number, startLoop: DaemonLoopFactory): BuiltInDaemons {
  const log = ctx.log.child({ component: 'provisionerd' });
  const started: Array<{ api: ServerProvisionerDaemonApi; loop: DaemonLoop }> = [];
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const startAll = async (organizationId: string) => {
    for (let i = 0; i < count && !closed; i++) {
      const name = `built-in-${i}`;
      const api = await createProvisionerDaemonApi(ctx, { name, organizationId, tags: {}, keyId: BUILT_IN_KEY_ID });
      // The daemon binds its own component and name; binding them here too would repeat both keys in every line.
      const loop = await startLoop(api, { name, log: ctx.log, accessUrl: ctx.accessUrl.toString() });
      started.push({ api, loop });
    }
    log.info({ count }, 'started built-in provisioner daemons');
  };
  const failed = (err: unknown) => log.error({ err }, 'could not start built-in provisioner daemons');
  let current: Promise<void> = Promise.resolve();
  const attempt = async (): Promise<void> => {
    if (closed || count === 0) return;
    const org = await getDefaultOrganization(ctx.db);
    if (org) return startAll(org.id);
    timer = setTimeout(() => {
      current = attempt().catch(failed);
    }, 1000);
  };
  current = attempt().catch(failed);

  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await current;
      for (const { api, loop } of started.reverse()) {
        await loop.close().catch((err: unknown) => log.error({ err }, 'closing daemon loop failed'));
        await api.close();
      }
    },
  };
}
