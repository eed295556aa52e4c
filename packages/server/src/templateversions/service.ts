import { randomUUID } from 'node:crypto';
import {
  FILE_CONTENT_TYPE_TAR,
  type CreateTemplateVersionRequest,
  type PatchTemplateVersionRequest,
  type TemplateVersion,
  type TemplateVersionExternalAuth,
  type TemplateVersionParameter,
  type TemplateVersionVariable,
  type WorkspaceResource,
} from '@warren/sdk';
import { authorize, can, type Action, type Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import { pgErrorCode, UNIQUE_VIOLATION, type Queryable } from '../db/database';
import { insertProvisionerJob } from '../db/queries/provisioner-jobs';
import { getTemplateById } from '../db/queries/templates';
import * as versions from '../db/queries/template-versions';
import { authenticateUrl, isAuthenticated } from '../externalauth/service';
import { readFile, uploadFile } from '../files/service';
import { ApiError, badRequest, conflict, notFound } from '../http/errors';
import { traceMetadataOfCurrentRequest } from '../http/request-scope';
import { parseUuid } from '../http/validate';
import { notifyJobPosted } from '../jobs/notify';
import { presentResources } from '../jobs/present-resources';
import { cancelJob, presentJob, presentJobs, requireJob } from '../jobs/service';
import { mutateTags, tagProblem } from '../jobs/tags';
import { resolveOrganization } from '../organizations/service';
import { exampleArchive } from '../templates/examples';
import { toTemplateVersion, toTemplateVersionParameter, toTemplateVersionVariable } from './convert';
import { randomVersionName } from './names';

const VERSION_NAME = /^[a-zA-Z0-9]+(?:[_.-][a-zA-Z0-9]+)*$/;

function checkVersionName(name: string): void {
  if (!VERSION_NAME.test(name)) {
    throw new ApiError('validation', 'Validation failed.', undefined, [
      { field: 'name', detail: 'Must be letters and digits, with single "_", "." or "-" between them.' },
    ]);
  }
}

/**
 * Checks the actor may act on a version: through its template, or, for a version not yet bound
 * to a template, only as someone who may manage the organization's templates.
 */
export function authorizeVersion(actor: Actor, action: Action, v: versions.TemplateVersionRow): void {
  const obj = { type: 'template' as const, organizationId: v.organization_id };
  if (v.template_id) return authorize(actor, action, obj);
  if (!can(actor, 'update', obj)) throw notFound();
}

export async function resolveVersion(ctx: ServerContext, actor: Actor, ref: string, action: Action = 'read'): Promise<versions.TemplateVersionView> {
  const row = await versions.getTemplateVersionById(ctx.db, parseUuid(ref, 'templateversion'));
  if (!row) throw notFound();
  authorizeVersion(actor, action, row);
  return row;
}

export async function presentVersions(q: Queryable, rows: versions.TemplateVersionView[]): Promise<TemplateVersion[]> {
  const jobs = await presentJobs(q, rows.map((r) => r.job_id));
  return rows.map((r) => toTemplateVersion(r, jobs.get(r.job_id)!));
}

export async function presentVersion(q: Queryable, row: versions.TemplateVersionView): Promise<TemplateVersion> {
  return toTemplateVersion(row, await presentJob(q, row.job_id));
}

/** Queues the import of an uploaded template source as a new version. */
export async function createTemplateVersion(
  ctx: ServerContext,
  actor: Actor,
  orgRef: string,
  req: CreateTemplateVersionRequest,
): Promise<TemplateVersion> {
  const org = await resolveOrganization(ctx, actor, orgRef);
  authorize(actor, 'create', { type: 'template', organizationId: org.id });
  if (req.example_id && req.file_id) throw badRequest('You cannot specify both an example_id and a file_id.');
  const fileId = req.example_id ? await exampleFileId(ctx, actor, req.example_id) : req.file_id?.toLowerCase();
  if (!fileId) {
    throw badRequest('A file_id is required.', undefined, [
      { field: 'file_id', detail: 'Upload the template source with POST /api/v2/files and pass its id, or give an example_id.' },
    ]);
  }
  const file = await readFile(ctx, actor, fileId);
  if (req.template_id) {
    const template = await getTemplateById(ctx.db, req.template_id.toLowerCase());
    if (!template || !can(actor, 'read', { type: 'template', organizationId: template.organization_id })) throw notFound('Template not found.');
    if (template.organization_id !== org.id) throw badRequest('The template is not in this organization.');
  }
  const tags = req.tags ?? {};
  const problem = tagProblem(tags);
  if (problem) throw badRequest('Invalid provisioner tags.', problem, [{ field: 'tags', detail: problem }]);
  if (req.name) checkVersionName(req.name);

  const now = ctx.clock();
  const versionId = randomUUID();
  const jobId = randomUUID();
  const row = await ctx.db
    .tx(async (q) => {
      const job = await insertProvisionerJob(q, {
        id: jobId,
        organizationId: org.id,
        initiatorId: actor.userId,
        provisioner: req.provisioner,
        type: 'template_version_import',
        input: { template_version_id: versionId, user_variable_values: req.user_variable_values ?? [] },
        fileId: file.id,
        tags: mutateTags(actor.userId, tags),
        traceMetadata: traceMetadataOfCurrentRequest(),
        now,
      });
      await versions.insertTemplateVersion(q, {
        id: versionId,
        templateId: req.template_id?.toLowerCase() ?? null,
        organizationId: org.id,
        name: req.name || randomVersionName(),
        message: req.message ?? '',
        jobId,
        createdBy: actor.userId,
        now,
      });
      await notifyJobPosted(q, job);
      return (await versions.getTemplateVersionById(q, versionId))!;
    })
    .catch((err: unknown) => {
      if (pgErrorCode(err) === UNIQUE_VIOLATION) throw conflict(`A template version named "${req.name}" already exists for this template.`);
      throw err;
    });
  return presentVersion(ctx.db, row);
}

/** A starter template stored as the actor's file (once per content), as Coder copies its embedded examples. */
async function exampleFileId(ctx: ServerContext, actor: Actor, exampleId: string): Promise<string> {
  const archive = await exampleArchive(exampleId);
  if (!archive) throw badRequest('Example not found.', `No starter template has the id "${exampleId}"; GET /api/v2/organizations/{org}/templates/examples lists them.`);
  return (await uploadFile(ctx, actor, FILE_CONTENT_TYPE_TAR, archive)).id;
}

export async function patchTemplateVersion(ctx: ServerContext, actor: Actor, ref: string, req: PatchTemplateVersionRequest): Promise<TemplateVersion> {
  const row = await resolveVersion(ctx, actor, ref, 'update');
  if (req.name !== undefined && req.name !== '') checkVersionName(req.name);
  const name = req.name || row.name;
  const message = req.message ?? row.message;
  await versions
    .updateTemplateVersionNameMessage(ctx.db, { id: row.id, name, message, now: ctx.clock() })
    .catch((err: unknown) => {
      if (pgErrorCode(err) === UNIQUE_VIOLATION) throw conflict(`A template version named "${name}" already exists for this template.`);
      throw err;
    });
  return presentVersion(ctx.db, (await versions.getTemplateVersionById(ctx.db, row.id))!);
}

export async function cancelTemplateVersion(ctx: ServerContext, actor: Actor, ref: string): Promise<{ message: string }> {
  const row = await resolveVersion(ctx, actor, ref, 'update');
  return cancelJob(ctx, row.job_id);
}

/** The version's rich parameters; only known once its import succeeded. */
export async function richParameters(ctx: ServerContext, actor: Actor, ref: string): Promise<TemplateVersionParameter[]> {
  const row = await resolveVersion(ctx, actor, ref);
  const job = await requireJob(ctx.db, row.job_id);
  if (!job.completed_at) throw badRequest("Job hasn't completed!", 'The template version is still being imported.');
  if (job.job_status !== 'succeeded') throw badRequest('The template version import did not succeed.', job.error || `The import job was ${job.job_status}.`);
  return (await versions.listTemplateVersionParameters(ctx.db, row.id)).map(toTemplateVersionParameter);
}

export async function versionResources(ctx: ServerContext, actor: Actor, ref: string): Promise<WorkspaceResource[]> {
  const row = await resolveVersion(ctx, actor, ref);
  return (await presentResources(ctx.db, [row.job_id], ctx.clock())).get(row.job_id) ?? [];
}

export async function versionVariables(ctx: ServerContext, actor: Actor, ref: string): Promise<TemplateVersionVariable[]> {
  const row = await resolveVersion(ctx, actor, ref, 'update');
  return (await versions.listTemplateVersionVariables(ctx.db, row.id)).map(toTemplateVersionVariable);
}

export async function versionExternalAuth(ctx: ServerContext, actor: Actor, ref: string): Promise<TemplateVersionExternalAuth[]> {
  const row = await resolveVersion(ctx, actor, ref);
  const out: TemplateVersionExternalAuth[] = [];
  for (const p of row.external_auth_providers) {
    const config = ctx.externalAuth.find((c) => c.id === p.id);
    if (!config) {
      throw new ApiError('not_found', `The template version references an external auth provider "${p.id}" that no longer exists.`, "You'll need to update the template version to use a different provider.");
    }
    out.push({
      id: config.id,
      type: config.type,
      display_name: config.displayName,
      display_icon: config.displayIcon,
      authenticate_url: authenticateUrl(ctx, config.id),
      authenticated: await isAuthenticated(ctx, config, actor.userId),
      optional: p.optional,
    });
  }
  return out;
}
