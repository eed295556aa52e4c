import type { ProvisionerJob } from '@warren/sdk/jobs';
import type { ProvisionerDaemon } from '@warren/sdk/provisioners';

/** A daemon as the API answers it, with the fields a test cares about overridden. */
export function daemonFixture(over: Partial<ProvisionerDaemon> & { name: string }): ProvisionerDaemon {
  return {
    id: `d-${over.name}`,
    organization_id: 'o1',
    key_id: 'k1',
    created_at: '2026-01-01T00:00:00Z',
    last_seen_at: new Date(Date.now() - 2000).toISOString(),
    version: 'v2.20.0',
    api_version: '1.4',
    provisioners: ['terraform'],
    tags: { scope: 'organization', owner: '' },
    key_name: 'onprem',
    status: 'idle',
    current_job: null,
    previous_job: null,
    ...over,
  };
}

export function jobFixture(over: Partial<ProvisionerJob> & { id: string }): ProvisionerJob {
  return {
    created_at: new Date(Date.now() - 60_000).toISOString(),
    status: 'pending',
    file_id: 'f1',
    tags: { scope: 'organization', owner: '' },
    queue_position: 1,
    queue_size: 1,
    organization_id: 'o1',
    initiator_id: 'u1',
    input: { workspace_build_id: 'b1' },
    type: 'workspace_build',
    metadata: { template_version_name: 'v1', template_id: 't1', template_name: 'onprem', template_display_name: '', template_icon: '', workspace_id: 'w1', workspace_name: 'dev' },
    matched_provisioners: { count: 0, available: 0 },
    ...over,
  };
}
