import type { Workspace, WorkspaceStatus } from '@warren/sdk/workspaces';

/** A workspace as the API answers it, with the fields a test cares about overridden. */
export function workspaceFixture(overrides: { name: string; status?: WorkspaceStatus; owner?: string; outdated?: boolean; template?: string }): Workspace {
  const status = overrides.status ?? 'running';
  const id = `00000000-0000-4000-8000-${overrides.name.padStart(12, '0').slice(-12).replace(/[^0-9a-f]/g, 'a')}`;
  return {
    id,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    owner_id: 'u1',
    owner_name: overrides.owner ?? 'alice',
    owner_avatar_url: '',
    organization_id: 'o1',
    organization_name: 'coder',
    template_id: 't1',
    template_name: overrides.template ?? 'docker',
    template_display_name: '',
    template_icon: '',
    template_allow_user_cancel_workspace_jobs: true,
    template_active_version_id: 'v1',
    template_require_active_version: false,
    latest_build: { status, transition: status === 'stopped' ? 'stop' : 'start' } as Workspace['latest_build'],
    latest_app_status: null,
    outdated: overrides.outdated ?? false,
    name: overrides.name,
    last_used_at: new Date(Date.now() - 5 * 60_000).toISOString(),
    deleting_at: null,
    dormant_at: null,
    health: { healthy: true, failing_agents: [] },
    automatic_updates: 'never',
    allow_renames: false,
    favorite: false,
    next_start_at: null,
    workspace_name: overrides.name,
    workspace_owner_name: overrides.owner ?? 'alice',
  };
}
