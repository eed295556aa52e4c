import type { ProvisionerJob, ProvisionerJobLog } from '@warren/sdk';
import type { JobLogRow } from '../db/queries/provisioner-job-logs';
import type { ProvisionerJobWithQueue } from '../db/queries/provisioner-jobs';
import { iso } from '../users/convert';

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export function toProvisionerJob(row: ProvisionerJobWithQueue): ProvisionerJob {
  const job: ProvisionerJob = {
    id: row.id,
    created_at: iso(row.created_at),
    status: row.job_status,
    file_id: row.file_id,
    tags: row.tags,
    queue_position: row.queue_position,
    queue_size: row.queue_size,
    organization_id: row.organization_id,
    initiator_id: row.initiator_id,
    input: {
      ...(row.input.template_version_id ? { template_version_id: row.input.template_version_id } : {}),
      ...(row.input.workspace_build_id ? { workspace_build_id: row.input.workspace_build_id } : {}),
    },
    type: row.type,
    metadata: {
      template_version_name: row.md_template_version_name ?? '',
      template_id: row.md_template_id ?? NIL_UUID,
      template_name: row.md_template_name ?? '',
      template_display_name: row.md_template_display_name ?? '',
      template_icon: row.md_template_icon ?? '',
    },
  };
  if (row.md_workspace_id) {
    job.metadata.workspace_id = row.md_workspace_id;
    job.metadata.workspace_name = row.md_workspace_name ?? '';
  }
  if (row.started_at) job.started_at = iso(row.started_at);
  if (row.completed_at) job.completed_at = iso(row.completed_at);
  if (row.canceled_at) job.canceled_at = iso(row.canceled_at);
  if (row.error) job.error = row.error;
  if (row.error_code) job.error_code = row.error_code as ProvisionerJob['error_code'];
  if (row.worker_id) job.worker_id = row.worker_id;
  if (row.worker_name) job.worker_name = row.worker_name;
  if (row.matched_count !== undefined && row.matched_count !== null) {
    job.matched_provisioners = { count: row.matched_count, available: row.matched_available };
    if (row.matched_last_seen_at) job.matched_provisioners.most_recently_seen = iso(row.matched_last_seen_at);
  }
  return job;
}

export function toJobLog(row: JobLogRow): ProvisionerJobLog {
  return {
    id: row.id,
    created_at: iso(row.created_at),
    log_source: row.source,
    log_level: row.level,
    stage: row.stage,
    output: row.output,
  };
}
