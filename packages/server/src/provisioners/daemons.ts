import {
  BUILT_IN_PROVISIONER_KEY_ID,
  PSK_PROVISIONER_KEY_ID,
  USER_AUTH_PROVISIONER_KEY_ID,
  type ProvisionerDaemon,
  type ProvisionerDaemonJob,
  type ProvisionerJob,
} from '@warren/sdk';
import { authorize, type Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import type { OrganizationRow } from '../db/queries/organizations';
import { listProvisionerDaemons, type ProvisionerDaemonListRow } from '../db/queries/provisioner-daemons';
import { listProvisionerJobIds, PROVISIONER_STALE_INTERVAL_MS } from '../db/queries/provisioner-jobs';
import { badRequest, notFound } from '../http/errors';
import { parseUuid } from '../http/validate';
import { presentJobs } from '../jobs/service';
import { iso } from '../users/convert';

const KEY_NAMES: Record<string, string> = {
  [BUILT_IN_PROVISIONER_KEY_ID]: 'built-in',
  [USER_AUTH_PROVISIONER_KEY_ID]: 'user-auth',
  [PSK_PROVISIONER_KEY_ID]: 'psk',
};

function job(id: string | null, status: string | null, templateName: string | null): ProvisionerDaemonJob | null {
  if (!id) return null;
  return { id, status: status as ProvisionerDaemonJob['status'], template_name: templateName ?? '', template_display_name: '', template_icon: '' };
}

/** A daemon is busy with a job, idle when seen recently, else offline. */
export function toProvisionerDaemon(row: ProvisionerDaemonListRow, now: Date): ProvisionerDaemon {
  const seen = row.last_seen_at?.getTime() ?? 0;
  const offline = now.getTime() - seen > PROVISIONER_STALE_INTERVAL_MS;
  const current = job(row.current_job_id, row.current_job_status, row.current_template_name);
  const daemon: ProvisionerDaemon = {
    id: row.id,
    organization_id: row.organization_id,
    key_id: row.key_id ?? BUILT_IN_PROVISIONER_KEY_ID,
    created_at: iso(row.created_at),
    name: row.name,
    version: row.version,
    api_version: row.api_version,
    provisioners: row.provisioners,
    tags: row.tags,
    key_name: row.key_name ?? KEY_NAMES[row.key_id ?? ''] ?? null,
    status: offline ? 'offline' : current ? 'busy' : 'idle',
    current_job: current,
    previous_job: job(row.previous_job_id, row.previous_job_status, row.previous_template_name),
  };
  if (row.last_seen_at) daemon.last_seen_at = iso(row.last_seen_at);
  return daemon;
}

function matchesTags(tags: Record<string, string>, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([k, v]) => tags[k] === v);
}

function parseTagsQuery(raw: string | undefined): Record<string, string> | undefined {
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, string>;
  } catch {
    // fall through
  }
  throw badRequest('Query parameters have invalid values.', undefined, [{ field: 'tags', detail: 'Must be a JSON object of strings.' }]);
}

export interface DaemonQuery {
  ids?: string;
  status?: string;
  tags?: string;
  limit?: string;
}

export async function listDaemons(ctx: ServerContext, actor: Actor, org: OrganizationRow, query: DaemonQuery): Promise<ProvisionerDaemon[]> {
  authorize(actor, 'read', { type: 'provisioner_daemon', organizationId: org.id });
  const ids = query.ids ? query.ids.split(',').map((s) => parseUuid(s.trim(), 'ids')) : undefined;
  const statuses = query.status ? query.status.toLowerCase().split(',') : undefined;
  const tags = parseTagsQuery(query.tags);
  const now = ctx.clock();
  let daemons = (await listProvisionerDaemons(ctx.db, org.id, ids)).map((r) => toProvisionerDaemon(r, now));
  if (statuses) daemons = daemons.filter((d) => statuses.includes(d.status ?? ''));
  if (tags) daemons = daemons.filter((d) => matchesTags(d.tags, tags));
  const limit = Number(query.limit ?? 0);
  return Number.isInteger(limit) && limit > 0 ? daemons.slice(0, limit) : daemons;
}

export async function listJobs(
  ctx: ServerContext,
  actor: Actor,
  org: OrganizationRow,
  query: { status?: string; limit?: string; ids?: string; tags?: string },
): Promise<ProvisionerJob[]> {
  authorize(actor, 'read', { type: 'provisioner_job', organizationId: org.id });
  const limit = Math.min(Math.max(Number(query.limit) || 50, 1), 1000);
  const statuses = query.status ? query.status.toLowerCase().split(',') : undefined;
  let ids = query.ids ? query.ids.split(',').map((s) => parseUuid(s.trim(), 'ids')) : await listProvisionerJobIds(ctx.db, { organizationId: org.id, statuses, limit });
  const jobs = await presentJobs(ctx.db, ids);
  ids = ids.filter((id) => jobs.get(id)?.organization_id === org.id);
  const tags = parseTagsQuery(query.tags);
  return ids.map((id) => jobs.get(id)!).filter((j) => !tags || matchesTags(j.tags, tags));
}

export async function getJob(ctx: ServerContext, actor: Actor, org: OrganizationRow, ref: string): Promise<ProvisionerJob> {
  authorize(actor, 'read', { type: 'provisioner_job', organizationId: org.id });
  const id = parseUuid(ref, 'job');
  const job = (await presentJobs(ctx.db, [id])).get(id);
  if (!job || job.organization_id !== org.id) throw notFound();
  return job;
}
