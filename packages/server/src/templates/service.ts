import { randomUUID } from 'node:crypto';
import type { CreateTemplateRequest, Template, TemplateVersion, UpdateTemplateMeta } from '@warren/sdk';
import { authorize, can, type Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import { pgErrorCode, UNIQUE_VIOLATION } from '../db/database';
import { getOrganizationByName, getOrganizationById } from '../db/queries/organizations';
import { getProvisionerJob } from '../db/queries/provisioner-jobs';
import * as templates from '../db/queries/templates';
import * as versions from '../db/queries/template-versions';
import { ApiError, badRequest, conflict, notFound } from '../http/errors';
import { isUuid, parseUuid } from '../http/validate';
import { resolveOrganization } from '../organizations/service';
import { presentVersion, presentVersions } from '../templateversions/service';
import { createSettings, toTemplate, updateSettings } from './convert';

function duplicateName(name: string | undefined) {
  return (err: unknown): never => {
    if (pgErrorCode(err) === UNIQUE_VIOLATION) throw conflict(`Template with name "${name}" already exists.`, undefined);
    throw err;
  };
}

/** Finds a live template by id, answering 404 when the actor may not read it. */
export async function resolveTemplate(ctx: ServerContext, actor: Actor, ref: string): Promise<templates.TemplateView> {
  const row = await templates.getTemplateById(ctx.db, parseUuid(ref, 'template'));
  if (!row) throw notFound();
  authorize(actor, 'read', { type: 'template', organizationId: row.organization_id });
  return row;
}

export async function resolveTemplateByName(ctx: ServerContext, actor: Actor, orgRef: string, name: string): Promise<templates.TemplateView> {
  const org = await resolveOrganization(ctx, actor, orgRef);
  const row = await templates.getTemplateByName(ctx.db, org.id, name);
  if (!row) throw notFound();
  authorize(actor, 'read', { type: 'template', organizationId: row.organization_id });
  return row;
}

export async function createTemplate(ctx: ServerContext, actor: Actor, orgRef: string, req: CreateTemplateRequest): Promise<Template> {
  const org = await resolveOrganization(ctx, actor, orgRef);
  authorize(actor, 'create', { type: 'template', organizationId: org.id });
  const now = ctx.clock();
  const id = randomUUID();
  await ctx.db
    .tx(async (q) => {
      const version = await versions.getTemplateVersionById(q, req.template_version_id.toLowerCase());
      if (!version || version.organization_id !== org.id) {
        throw badRequest('Template version not found in this organization.', undefined, [
          { field: 'template_version_id', detail: 'Must be a template version of this organization.' },
        ]);
      }
      if (version.template_id) throw badRequest(`Template version ${version.id} is already associated with a template.`);
      const job = await getProvisionerJob(q, version.job_id);
      if (job && ['failed', 'canceled', 'canceling'].includes(job.job_status)) {
        throw badRequest('The template version import did not succeed.', job.error || `The import job was ${job.job_status}.`);
      }
      await templates.insertTemplate(q, {
        id,
        organizationId: org.id,
        activeVersionId: version.id,
        createdBy: actor.userId,
        provisioner: job?.provisioner ?? 'terraform',
        now,
        settings: createSettings(req),
      });
      await versions.setTemplateVersionTemplate(q, version.id, id, now);
    })
    .catch(duplicateName(req.name));
  return toTemplate((await templates.getTemplateById(ctx.db, id))!);
}

export async function updateTemplate(
  ctx: ServerContext,
  actor: Actor,
  ref: string,
  req: UpdateTemplateMeta,
): Promise<Template | undefined> {
  const row = await resolveTemplate(ctx, actor, ref);
  authorize(actor, 'update', { type: 'template', organizationId: row.organization_id });
  const settings = updateSettings(req);
  const changed = Object.fromEntries(
    Object.entries(settings).filter(([k, v]) => v !== undefined && JSON.stringify(v) !== JSON.stringify(row[k as keyof typeof row])),
  );
  if (Object.keys(changed).length === 0) return undefined;
  await templates.updateTemplateSettings(ctx.db, row.id, changed, ctx.clock()).catch(duplicateName(req.name));
  return toTemplate((await templates.getTemplateById(ctx.db, row.id))!);
}

/** Promotes a successfully imported version of this template to active. */
export async function setActiveVersion(ctx: ServerContext, actor: Actor, ref: string, versionId: string): Promise<{ message: string }> {
  const row = await resolveTemplate(ctx, actor, ref);
  authorize(actor, 'update', { type: 'template', organizationId: row.organization_id });
  const version = await versions.getTemplateVersionById(ctx.db, versionId.toLowerCase());
  if (!version || version.template_id !== row.id) {
    throw badRequest("The provided template version doesn't belong to the specified template.", undefined, [
      { field: 'id', detail: 'Must be a version of this template.' },
    ]);
  }
  if (version.archived) throw badRequest('The provided template version is archived.');
  const job = await getProvisionerJob(ctx.db, version.job_id);
  if (job?.job_status !== 'succeeded') {
    throw badRequest('Only versions that have been imported successfully can be promoted.', `The import job is ${job?.job_status ?? 'missing'}.`);
  }
  await templates.setActiveTemplateVersion(ctx.db, row.id, version.id, ctx.clock());
  return { message: 'Updated the active template version!' };
}

export async function deleteTemplate(ctx: ServerContext, actor: Actor, ref: string): Promise<{ message: string }> {
  const row = await resolveTemplate(ctx, actor, ref);
  authorize(actor, 'delete', { type: 'template', organizationId: row.organization_id });
  return ctx.db.tx(async (q) => {
    await templates.lockTemplate(q, row.id);
    if ((await templates.countLiveWorkspacesOfTemplate(q, row.id)) > 0) {
      throw badRequest('All workspaces must be deleted before a template can be removed.');
    }
    await templates.markTemplateDeleted(q, row.id, ctx.clock());
    return { message: 'Template has been deleted!' };
  });
}

const QUERY_KEYS = new Set(['name', 'exact_name', 'organization', 'deprecated', 'deleted', 'ids']);

/** Coder's template search: a bare term matches names; `key:value` terms filter. */
export async function parseTemplateQuery(ctx: ServerContext, q: string): Promise<templates.TemplateFilter> {
  const f: templates.TemplateFilter = {};
  for (const term of q.match(/(?:[^\s"]+|"[^"]*")+/g) ?? []) {
    const sep = term.indexOf(':');
    const key = sep < 0 ? 'name' : term.slice(0, sep).toLowerCase();
    const value = (sep < 0 ? term : term.slice(sep + 1)).replaceAll('"', '');
    if (!QUERY_KEYS.has(key)) {
      throw new ApiError('bad_request', 'Invalid template search query.', undefined, [
        { field: 'q', detail: `Query param "${key}" is not a valid query param.` },
      ]);
    }
    if (key === 'name') f.search = value;
    else if (key === 'exact_name') f.exactName = value;
    else if (key === 'deprecated') f.deprecated = value === 'true';
    else if (key === 'deleted') f.deleted = value === 'true';
    else if (key === 'ids') f.ids = value.split(',').filter(isUuid).map((s) => s.toLowerCase());
    else {
      const org = isUuid(value) ? await getOrganizationById(ctx.db, value.toLowerCase()) : await getOrganizationByName(ctx.db, value);
      f.organizationId = org?.id ?? '00000000-0000-0000-0000-000000000000';
    }
  }
  return f;
}

/** Templates matching the filter that the actor may read. */
export async function listTemplates(ctx: ServerContext, actor: Actor, filter: templates.TemplateFilter): Promise<Template[]> {
  const rows = await templates.listTemplates(ctx.db, filter);
  return rows.filter((r) => can(actor, 'read', { type: 'template', organizationId: r.organization_id })).map(toTemplate);
}

export async function listVersionsOfTemplate(
  ctx: ServerContext,
  actor: Actor,
  ref: string,
  p: { includeArchived: boolean; afterId?: string; limit: number; offset: number },
): Promise<TemplateVersion[]> {
  const row = await resolveTemplate(ctx, actor, ref);
  return presentVersions(ctx.db, await versions.listTemplateVersions(ctx.db, { templateId: row.id, ...p }));
}

export async function versionOfTemplateByName(ctx: ServerContext, template: templates.TemplateView, name: string): Promise<TemplateVersion> {
  const version = await versions.getTemplateVersionByName(ctx.db, template.id, name);
  if (!version) throw notFound();
  return presentVersion(ctx.db, version);
}

/** The version created before the named one (Coder's `.../versions/{name}/previous`); 404 for the first. */
export async function previousVersionOfTemplate(ctx: ServerContext, template: templates.TemplateView, name: string): Promise<TemplateVersion> {
  const version = await versions.getTemplateVersionByName(ctx.db, template.id, name);
  if (!version) throw notFound();
  const previous = await versions.getPreviousTemplateVersion(ctx.db, version);
  if (!previous) throw notFound('This is the first version of the template.');
  return presentVersion(ctx.db, previous);
}
