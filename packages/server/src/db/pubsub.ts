import pg from 'pg';
import type { Logger } from 'pino';
import type { Queryable } from './database';

export type Listener = (payload: string) => void;

/**
 * PostgreSQL LISTEN/NOTIFY: one dedicated connection listens on the channels that have
 * subscribers; anyone publishes with `pg_notify`, inside a transaction when the message must only
 * go out once the change is committed. The connection is re-established after a failure, and
 * every subscriber is told (with an empty payload) so it can re-read what it watches.
 */
export class Pubsub {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private readonly listeners = new Map<string, Set<Listener>>();
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  /** Calls `listener` with each payload sent on `channel`; resolves once listening. */
  async subscribe(channel: string, listener: Listener): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    const fresh = !set;
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    if (fresh) {
      const client = await this.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    }
    return async () => {
      const current = this.listeners.get(channel);
      if (!current) return;
      current.delete(listener);
      if (current.size > 0) return;
      this.listeners.delete(channel);
      if (this.client && !this.closed) {
        await this.client.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.listeners.clear();
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    if (this.connecting) return this.connecting;
    this.connecting = (async () => {
      const client = new pg.Client({ connectionString: this.url });
      client.on('notification', (msg) => this.deliver(msg.channel, msg.payload ?? ''));
      client.on('error', (err) => this.lost(client, err));
      await client.connect();
      if (this.closed) {
        await client.end();
        throw new Error('pubsub is closed');
      }
      for (const channel of this.listeners.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      this.client = client;
      return client;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private deliver(channel: string, payload: string): void {
    for (const listener of [...(this.listeners.get(channel) ?? [])]) {
      try {
        listener(payload);
      } catch (err) {
        this.log.error({ err, channel }, 'pubsub listener failed');
      }
    }
  }

  private lost(client: pg.Client, err: Error): void {
    if (this.client !== client || this.closed) return;
    this.log.warn({ err }, 'pubsub connection lost, reconnecting');
    this.client = undefined;
    void client.end().catch(() => undefined);
    const retry = () => {
      if (this.closed) return;
      this.connect().then(
        () => {
          for (const channel of this.listeners.keys()) this.deliver(channel, '');
        },
        () => {
          this.retryTimer = setTimeout(retry, 1000);
        },
      );
    };
    retry();
  }
}

/** Sends `payload` on `channel`; inside a transaction it is delivered at commit. */
export async function publish(q: Queryable, channel: string, payload = ''): Promise<void> {
  await q.query('SELECT pg_notify($1, $2)', [channel, payload]);
}

/** Tells watchers of one workspace, and of the workspaces list, that the workspace changed. */
export async function publishWorkspaceChange(q: Queryable, workspaceId: string): Promise<void> {
  await publish(q, channels.workspace(workspaceId));
  await publish(q, channels.workspaces, workspaceId);
}

/** Channel names shared by publishers and subscribers. */
export const channels = {
  jobPosted: 'provisioner_job_posted',
  jobLogs: (jobId: string) => `provisioner_job_logs:${jobId}`,
  workspace: (workspaceId: string) => `workspace:${workspaceId}`,
  /** Payload: the id of any workspace that changed (the workspaces list's one stream). */
  workspaces: 'workspaces',
  /** Payload: the id of a deleted provisioner key; its daemons are disconnected. */
  provisionerKeyDeleted: 'provisioner_key_deleted',
};
