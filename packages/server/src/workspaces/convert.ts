import type { Workspace, WorkspaceBuild } from '@warren/sdk';
import type { WorkspaceView } from '../db/queries/workspaces';
import { nextAutostart } from '../schedules/next-start';
import { iso } from '../users/convert';

export function toWorkspace(row: WorkspaceView, latest: WorkspaceBuild, now: Date, allowRenames: boolean): Workspace {
  const agents = latest.resources.flatMap((r) => r.agents ?? []);
  const failing = agents.filter((a) => !a.health.healthy).map((a) => a.id);
  const workspace: Workspace = {
    id: row.id,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    owner_id: row.owner_id,
    owner_name: row.owner_name,
    owner_avatar_url: row.owner_avatar_url,
    organization_id: row.organization_id,
    organization_name: row.organization_name,
    template_id: row.template_id,
    template_name: row.template_name,
    template_display_name: row.template_display_name,
    template_icon: row.template_icon,
    template_allow_user_cancel_workspace_jobs: row.template_allow_user_cancel_workspace_jobs,
    template_active_version_id: row.template_active_version_id,
    template_require_active_version: row.template_require_active_version,
    latest_build: latest,
    latest_app_status: null,
    outdated: latest.template_version_id !== row.template_active_version_id,
    name: row.name,
    last_used_at: iso(row.last_used_at),
    deleting_at: row.deleting_at ? iso(row.deleting_at) : null,
    dormant_at: row.dormant_at ? iso(row.dormant_at) : null,
    health: { healthy: failing.length === 0, failing_agents: failing },
    automatic_updates: row.automatic_updates,
    allow_renames: allowRenames,
    favorite: row.favorite,
    next_start_at: nextAutostart(row, now),
    workspace_name: row.name,
    workspace_owner_name: row.owner_name,
  };
  if (row.autostart_schedule) workspace.autostart_schedule = row.autostart_schedule;
  if (row.ttl_ms !== null) workspace.ttl_ms = row.ttl_ms;
  return workspace;
}
