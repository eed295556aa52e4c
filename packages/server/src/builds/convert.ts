import type { ProvisionerJob, WorkspaceBuild, WorkspaceResource, WorkspaceStatus } from '@warren/sdk';
import type { WorkspaceBuildView } from '../db/queries/workspace-builds';
import { iso } from '../users/convert';

/** A build's status from its job's status and its transition (codersdk.ConvertWorkspaceStatus). */
export function workspaceStatus(jobStatus: ProvisionerJob['status'], transition: 'start' | 'stop' | 'delete'): WorkspaceStatus {
  switch (jobStatus) {
    case 'pending':
      return 'pending';
    case 'running':
      return transition === 'start' ? 'starting' : transition === 'stop' ? 'stopping' : 'deleting';
    case 'succeeded':
      return transition === 'start' ? 'running' : transition === 'stop' ? 'stopped' : 'deleted';
    case 'canceling':
      return 'canceling';
    case 'canceled':
      return 'canceled';
    default:
      return 'failed';
  }
}

export function toWorkspaceBuild(row: WorkspaceBuildView, job: ProvisionerJob, resources: WorkspaceResource[]): WorkspaceBuild {
  return {
    id: row.id,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    workspace_id: row.workspace_id,
    workspace_name: row.workspace_name,
    workspace_owner_id: row.workspace_owner_id,
    workspace_owner_name: row.workspace_owner_name,
    workspace_owner_avatar_url: row.workspace_owner_avatar_url,
    template_version_id: row.template_version_id,
    template_version_name: row.template_version_name,
    build_number: row.build_number,
    transition: row.transition,
    initiator_id: row.initiator_id,
    initiator_name: row.initiator_name,
    job,
    reason: row.reason,
    resources,
    deadline: row.deadline ? iso(row.deadline) : null,
    max_deadline: row.max_deadline ? iso(row.max_deadline) : null,
    status: workspaceStatus(job.status, row.transition),
    daily_cost: row.daily_cost,
    ...(job.matched_provisioners ? { matched_provisioners: job.matched_provisioners } : {}),
  };
}
