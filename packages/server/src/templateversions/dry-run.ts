/**
 * Dry runs of a template version, as Coder has them: terraform plans a would-be workspace with the
 * given name and parameter values, and the resources it would make are shown; nothing is created.
 * A dry run is its initiator's alone (others get 404).
 */
import { randomUUID } from 'node:crypto';
import type { CreateTemplateVersionDryRunRequest, ProvisionerJob, WorkspaceResource } from '@warren/sdk';
import type { Actor } from '../authz/policy';
import { resolveBuildParameters } from '../builds/parameters';
import { requireImportedVersion } from '../builds/queue';
import type { ServerContext } from '../context';
import { getProvisionerJob, insertProvisionerJob, type ProvisionerJobRow } from '../db/queries/provisioner-jobs';
import { listTemplateVersionParameters } from '../db/queries/template-versions';
import { notFound } from '../http/errors';
import { traceMetadataOfCurrentRequest } from '../http/request-scope';
import { parseUuid } from '../http/validate';
import { notifyJobPosted } from '../jobs/notify';
import { presentResources } from '../jobs/present-resources';
import { cancelJob, presentJob } from '../jobs/service';
import { resolveVersion } from './service';

export async function createDryRun(ctx: ServerContext, actor: Actor, versionRef: string, req: CreateTemplateVersionDryRunRequest): Promise<ProvisionerJob> {
  const version = await resolveVersion(ctx, actor, versionRef);
  const importJob = await requireImportedVersion(ctx.db, version);
  const parameters = resolveBuildParameters({
    parameters: await listTemplateVersionParameters(ctx.db, version.id),
    previous: undefined,
    supplied: req.rich_parameter_values ?? [],
    transition: 'start',
  });
  const id = randomUUID();
  await ctx.db.tx(async (q) => {
    const job = await insertProvisionerJob(q, {
      id,
      organizationId: version.organization_id,
      initiatorId: actor.userId,
      provisioner: importJob.provisioner,
      type: 'template_version_dry_run',
      input: { template_version_id: version.id, workspace_name: req.workspace_name ?? '', rich_parameter_values: parameters, user_variable_values: req.user_variable_values ?? [] },
      fileId: importJob.file_id,
      tags: importJob.tags,
      traceMetadata: traceMetadataOfCurrentRequest(),
      now: ctx.clock(),
    });
    await notifyJobPosted(q, job);
  });
  return presentJob(ctx.db, id);
}

/** The actor's own dry run of this version (404 for anyone else's, or a job that is not one). */
export async function resolveDryRun(ctx: ServerContext, actor: Actor, versionRef: string, jobRef: string): Promise<ProvisionerJobRow> {
  const version = await resolveVersion(ctx, actor, versionRef);
  const job = await getProvisionerJob(ctx.db, parseUuid(jobRef, 'jobID'));
  if (!job || job.type !== 'template_version_dry_run' || job.input.template_version_id !== version.id || job.initiator_id !== actor.userId) throw notFound();
  return job;
}

export async function getDryRun(ctx: ServerContext, actor: Actor, versionRef: string, jobRef: string): Promise<ProvisionerJob> {
  return presentJob(ctx.db, (await resolveDryRun(ctx, actor, versionRef, jobRef)).id);
}

export async function dryRunResources(ctx: ServerContext, actor: Actor, versionRef: string, jobRef: string): Promise<WorkspaceResource[]> {
  const job = await resolveDryRun(ctx, actor, versionRef, jobRef);
  return (await presentResources(ctx.db, [job.id], ctx.clock())).get(job.id) ?? [];
}

export async function cancelDryRun(ctx: ServerContext, actor: Actor, versionRef: string, jobRef: string): Promise<{ message: string }> {
  return cancelJob(ctx, (await resolveDryRun(ctx, actor, versionRef, jobRef)).id);
}
