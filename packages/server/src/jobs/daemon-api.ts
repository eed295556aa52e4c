import { randomUUID } from 'node:crypto';
import type {
  AcquiredJob,
  CompletedJob,
  FailedJob,
  ProvisionerDaemonApi,
  UpdateJobRequest,
  UpdateJobResponse,
} from '@warren/sdk';
import type { Logger } from 'pino';
import type { ServerContext } from '../context';
import { channels } from '../db/pubsub';
import { touchProvisionerDaemon, upsertProvisionerDaemon } from '../db/queries/provisioner-daemons';
import { acquireProvisionerJob, completeProvisionerJob } from '../db/queries/provisioner-jobs';
import { buildAcquiredJob } from './acquired-job';
import { completeJob, failJob } from './complete';
import { notifyJobChanged } from './notify';
import { mutateTags, type TagSet } from './tags';
import { updateJob } from './update';

export interface ProvisionerDaemonRegistration {
  name: string;
  organizationId: string;
  /** Normalised with scope/owner; built-in daemons are organization-scoped. */
  tags?: Record<string, string>;
  /** Provisioner types served; defaults to terraform. */
  provisioners?: Array<'terraform' | 'echo'>;
  /** The user a user-scoped daemon serves (scope=user tags). */
  userId?: string | null;
  keyId?: string | null;
  version?: string;
  apiVersion?: string;
  /** How often an idle daemon looks for work without a wake-up; Coder polls every 30 s. */
  pollIntervalMs?: number;
}

/** The server side of one registered daemon. */
export interface ServerProvisionerDaemonApi extends ProvisionerDaemonApi {
  readonly daemonId: string;
  readonly tags: TagSet;
  close(): Promise<void>;
}

class ServerProvisionerDaemon implements ServerProvisionerDaemonApi {
  private woken = false;
  private wake: (() => void) | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;
  private closed = false;

  constructor(
    private readonly ctx: ServerContext,
    readonly daemonId: string,
    private readonly organizationId: string,
    private readonly provisioners: string[],
    readonly tags: TagSet,
    private readonly pollIntervalMs: number,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.ctx.pubsub.subscribe(channels.jobPosted, (payload) => {
      let org: string | undefined;
      try {
        org = (JSON.parse(payload) as { organization_id?: string }).organization_id;
      } catch {
        org = undefined; // a reconnect notice or a foreign payload: look anyway
      }
      if (org && org !== this.organizationId) return;
      this.woken = true;
      this.wake?.();
    });
  }

  async acquireJob(signal: AbortSignal): Promise<AcquiredJob | undefined> {
    while (!signal.aborted && !this.closed) {
      this.woken = false;
      const now = this.ctx.clock();
      await touchProvisionerDaemon(this.ctx.db, this.daemonId, now);
      const job = await acquireProvisionerJob(this.ctx.db, {
        daemonId: this.daemonId,
        organizationId: this.organizationId,
        provisioners: this.provisioners,
        tags: this.tags,
        now,
      });
      if (job) {
        await notifyJobChanged(this.ctx.db, job.id);
        try {
          const acquired = await this.ctx.db.tx((q) => buildAcquiredJob(this.ctx, q, job));
          this.log.debug({ job: job.id, type: job.type, ...job.trace_metadata }, 'job handed to the daemon');
          return acquired;
        } catch (err) {
          this.log.error({ err, job: job.id }, 'could not prepare acquired job');
          await this.ctx.db.tx(async (q) => {
            await completeProvisionerJob(q, { id: job.id, now: this.ctx.clock(), error: `Could not prepare the job: ${(err as Error).message}` });
            await notifyJobChanged(q, job.id);
          });
          continue;
        }
      }
      if (!this.woken) await this.sleep(signal);
    }
    return undefined;
  }

  updateJob(req: UpdateJobRequest): Promise<UpdateJobResponse> {
    return updateJob(this.ctx, this.daemonId, req);
  }

  completeJob(job: CompletedJob): Promise<void> {
    return completeJob(this.ctx, this.daemonId, job);
  }

  failJob(job: FailedJob): Promise<void> {
    return failJob(this.ctx, this.daemonId, job);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.unsubscribe?.();
  }

  private sleep(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }
}

/**
 * Registers a provisioner daemon of an organization and returns the server side of the job
 * protocol for it. Built-in daemons call it in-process; one object serves one daemon, which runs
 * one job at a time.
 */
export async function createProvisionerDaemonApi(
  ctx: ServerContext,
  reg: ProvisionerDaemonRegistration,
): Promise<ServerProvisionerDaemonApi> {
  const tags = mutateTags(reg.userId ?? null, reg.tags);
  const provisioners = reg.provisioners ?? ['terraform'];
  const row = await upsertProvisionerDaemon(ctx.db, {
    id: randomUUID(),
    organizationId: reg.organizationId,
    name: reg.name,
    provisioners,
    tags,
    version: reg.version ?? ctx.version,
    apiVersion: reg.apiVersion ?? '1.4',
    keyId: reg.keyId ?? null,
    now: ctx.clock(),
  });
  const daemon = new ServerProvisionerDaemon(
    ctx,
    row.id,
    reg.organizationId,
    provisioners,
    tags,
    reg.pollIntervalMs ?? 30_000,
    ctx.log.child({ component: 'provisionerd', daemon: reg.name }),
  );
  await daemon.start();
  return daemon;
}
