import { randomUUID } from 'node:crypto';
import type { NameValue } from '@warren/sdk';
import type { Queryable } from '../db/database';
import { publishWorkspaceChange } from '../db/pubsub';
import { finishJobWithoutDaemon, getProvisionerJob, insertProvisionerJob, type ProvisionerJobRow } from '../db/queries/provisioner-jobs';
import { getTemplateVersionWorkspaceTags, type TemplateVersionRow } from '../db/queries/template-versions';
import {
  getWorkspaceBuildState,
  insertWorkspaceBuild,
  insertWorkspaceBuildParameters,
  type Transition,
  type WorkspaceBuildView,
} from '../db/queries/workspace-builds';
import { markWorkspaceDeleted } from '../db/queries/workspaces';
import { traceMetadataOfCurrentRequest } from '../http/request-scope';
import { badRequest } from '../http/errors';
import { notifyJobPosted } from '../jobs/notify';
import { mutateTags } from '../jobs/tags';

export interface QueueBuildParams {
  workspace: { id: string; organization_id: string; owner_id: string };
  version: TemplateVersionRow;
  transition: Transition;
  initiatorId: string;
  previous: WorkspaceBuildView | undefined;
  parameters: NameValue[];
  /** Delete without running terraform: the build completes at once and the workspace is gone. */
  orphan: boolean;
  /** Replaces the state carried over from the previous build (admins only). */
  state?: Buffer;
  logLevel?: string;
  reason?: string;
  now: Date;
}

/** The version's import job, which must have succeeded for the version to be built. */
export async function requireImportedVersion(q: Queryable, version: TemplateVersionRow): Promise<ProvisionerJobRow> {
  const job = await getProvisionerJob(q, version.job_id);
  if (!job || job.job_status !== 'succeeded') {
    throw badRequest('The template version has not been imported successfully.', `Its import job is ${job?.job_status ?? 'missing'}.`);
  }
  return job;
}

/**
 * Inserts a build, its provisioner job (tagged from the version's import and workspace tags,
 * scoped to the workspace owner) and its parameter values; call inside the transaction that holds the
 * workspace. Daemons and watchers are told at commit.
 */
export async function queueBuild(q: Queryable, p: QueueBuildParams): Promise<string> {
  const importJob = await requireImportedVersion(q, p.version);
  const buildId = randomUUID();
  const jobId = randomUUID();
  const job = await insertProvisionerJob(q, {
    id: jobId,
    organizationId: p.workspace.organization_id,
    initiatorId: p.initiatorId,
    provisioner: importJob.provisioner,
    type: 'workspace_build',
    input: { workspace_build_id: buildId, ...(p.logLevel ? { log_level: p.logLevel } : {}) },
    fileId: importJob.file_id,
    // The import's tags, then the template's `coder_workspace_tags`, which win.
    tags: mutateTags(p.workspace.owner_id, importJob.tags, await getTemplateVersionWorkspaceTags(q, p.version.id)),
    traceMetadata: traceMetadataOfCurrentRequest(),
    now: p.now,
  });
  const carried = p.previous && !p.orphan ? await getWorkspaceBuildState(q, p.previous.id) : undefined;
  await insertWorkspaceBuild(q, {
    id: buildId,
    workspaceId: p.workspace.id,
    templateVersionId: p.version.id,
    buildNumber: (p.previous?.build_number ?? 0) + 1,
    transition: p.transition,
    initiatorId: p.initiatorId,
    jobId,
    state: p.state ?? carried ?? Buffer.alloc(0),
    reason: p.reason ?? 'initiator',
    now: p.now,
  });
  await insertWorkspaceBuildParameters(q, buildId, p.parameters);
  if (p.orphan) {
    await finishJobWithoutDaemon(q, jobId, p.now);
    await markWorkspaceDeleted(q, p.workspace.id, p.now);
  } else {
    await notifyJobPosted(q, job);
  }
  await publishWorkspaceChange(q, p.workspace.id);
  return buildId;
}
