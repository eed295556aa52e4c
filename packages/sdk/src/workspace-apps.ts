import { z } from 'zod';

/** How widely a workspace app or port is shared. */
export const workspaceAppSharingLevel = z.enum(['owner', 'authenticated', 'organization', 'public']);
export type WorkspaceAppSharingLevel = z.infer<typeof workspaceAppSharingLevel>;

const portNumber = z.number().int().min(9, 'Ports below 9 cannot be shared.').max(65535);

/** `POST /api/v2/workspaces/{id}/port-share`: creates or updates a share. */
export const upsertWorkspaceAgentPortShareRequest = z.object({
  agent_name: z.string().min(1),
  port: portNumber,
  share_level: workspaceAppSharingLevel,
  protocol: z.enum(['http', 'https']).default('http'),
});
export type UpsertWorkspaceAgentPortShareRequest = z.input<typeof upsertWorkspaceAgentPortShareRequest>;

/** `DELETE /api/v2/workspaces/{id}/port-share`. */
export const deleteWorkspaceAgentPortShareRequest = z.object({
  agent_name: z.string().min(1),
  port: portNumber,
});
export type DeleteWorkspaceAgentPortShareRequest = z.infer<typeof deleteWorkspaceAgentPortShareRequest>;

export interface WorkspaceAgentPortShare {
  workspace_id: string;
  agent_name: string;
  port: number;
  share_level: WorkspaceAppSharingLevel;
  protocol: 'http' | 'https';
}

/** The query parameter `/applications/auth-redirect` adds to the app URL it sends the browser back to. */
export const APP_CONNECT_KEY_QUERY = 'coder_application_connect_api_key_35e783';
