import { z } from 'zod';
import type { ProvisionerJobStatus } from './jobs';

/** Coder's key ids of daemons that did not authenticate with a provisioner key. */
export const BUILT_IN_PROVISIONER_KEY_ID = '00000000-0000-0000-0000-000000000001';
export const USER_AUTH_PROVISIONER_KEY_ID = '00000000-0000-0000-0000-000000000002';
export const PSK_PROVISIONER_KEY_ID = '00000000-0000-0000-0000-000000000003';
/** Names no provisioner key may take: they name the daemons above. */
export const RESERVED_PROVISIONER_KEY_NAMES = ['built-in', 'user-auth', 'psk'];

export type ProvisionerDaemonStatus = 'offline' | 'idle' | 'busy';

export interface ProvisionerDaemonJob {
  id: string;
  status: ProvisionerJobStatus;
  template_name?: string;
  template_display_name?: string;
  template_icon?: string;
}

/** `GET /organizations/{org}/provisionerdaemons` (codersdk.ProvisionerDaemon). */
export interface ProvisionerDaemon {
  id: string;
  organization_id: string;
  key_id: string;
  created_at: string;
  last_seen_at?: string;
  name: string;
  version: string;
  api_version: string;
  provisioners: string[];
  tags: Record<string, string>;
  key_name: string | null;
  status: ProvisionerDaemonStatus | null;
  current_job: ProvisionerDaemonJob | null;
  previous_job: ProvisionerDaemonJob | null;
}

const tagsSchema = z.record(z.string(), z.string());

export const createProvisionerKeyRequest = z.object({
  name: z
    .string()
    .min(1, 'Must not be empty.')
    .max(64, 'Must be at most 64 characters.')
    .regex(/^[a-zA-Z0-9]+(?:[-_][a-zA-Z0-9]+)*$/, 'Must be letters and digits, with single "-" or "_" between them.'),
  tags: tagsSchema.optional(),
});
export type CreateProvisionerKeyRequest = z.infer<typeof createProvisionerKeyRequest>;

/** The secret is shown once, when the key is created. */
export interface CreateProvisionerKeyResponse {
  key: string;
}

export interface ProvisionerKey {
  id: string;
  created_at: string;
  organization: string;
  name: string;
  tags: Record<string, string>;
}

export interface ProvisionerKeyDaemons {
  key: ProvisionerKey;
  daemons: ProvisionerDaemon[];
}
