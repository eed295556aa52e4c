/** Log levels of provisioner job logs, lowest first (Coder's TRACE..ERROR). */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** One line of job output, as delivered to the onLog callback. */
export interface ProvisionLog {
  level: LogLevel;
  /** The job stage the line belongs to, e.g. "Planning Infrastructure". */
  stage: string;
  output: string;
  createdAt: Date;
}

export type WorkspaceTransition = 'start' | 'stop' | 'destroy';

/** A workspace owner's role as given to templates: `orgId` is empty for site-wide roles. */
export interface OwnerRole {
  name: string;
  orgId: string;
}

/** An agent token of a prebuilt workspace being claimed. */
export interface RunningAgentToken {
  agentId: string;
  token: string;
}

/**
 * What the template may learn about the workspace, its owner and its template (Coder's provisioner
 * Metadata). Missing text fields reach terraform as empty strings, as in Coder.
 */
export interface WorkspaceMetadata {
  coderUrl: string;
  workspaceTransition: WorkspaceTransition;
  workspaceName?: string;
  workspaceId?: string;
  workspaceBuildId?: string;
  workspaceOwner?: string;
  workspaceOwnerId?: string;
  workspaceOwnerEmail?: string;
  workspaceOwnerName?: string;
  workspaceOwnerOidcAccessToken?: string;
  workspaceOwnerSessionToken?: string;
  /** `null`/missing reaches terraform as the JSON `null`. */
  workspaceOwnerGroups?: string[] | null;
  workspaceOwnerSshPublicKey?: string;
  workspaceOwnerSshPrivateKey?: string;
  workspaceOwnerLoginType?: string;
  workspaceOwnerRbacRoles?: OwnerRole[] | null;
  templateId?: string;
  templateName?: string;
  /** The template version's name. */
  templateVersion?: string;
  taskId?: string;
  taskPrompt?: string;
  /** `create` while building an unclaimed prebuilt workspace, `claim` on the first build after a claim. */
  prebuiltWorkspaceBuildStage?: 'none' | 'create' | 'claim';
  runningAgentAuthTokens?: RunningAgentToken[];
}

/** A rich parameter value (`coder_parameter`), keyed by the parameter's `name` attribute. */
export interface ParameterValue {
  name: string;
  value: string;
}

/** A template variable value, passed as `-var name=value`. */
export interface VariableValue {
  name: string;
  value: string;
}

/** An owner's OAuth access token for one of the template's external auth providers. */
export interface ExternalAuthToken {
  id: string;
  accessToken: string;
}
