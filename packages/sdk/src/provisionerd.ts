/**
 * The job protocol between the control plane and provisioner daemons (Coder's
 * `provisionerd.ProvisionerDaemon` service). Built-in daemons call it in-process; external
 * daemons speak the same messages over a WebSocket.
 */
import { z } from 'zod';
import type { ConvertedState, ExternalAuthProvider, Preset, Resource, RichParameter } from './provisioner-resources';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
export type LogSource = 'provisioner_daemon' | 'provisioner';
export type WorkspaceTransition = 'start' | 'stop' | 'delete';

export interface JobLog {
  source: LogSource;
  level: LogLevel;
  /** Unix milliseconds. */
  createdAt: number;
  stage: string;
  output: string;
}

/** What the provider and terraform learn about the build (Coder's provisioner.Metadata). */
export interface JobMetadata {
  coderUrl: string;
  workspaceTransition: WorkspaceTransition;
  workspaceName: string;
  workspaceOwner: string;
  workspaceId: string;
  workspaceOwnerId: string;
  workspaceOwnerEmail: string;
  workspaceOwnerName: string;
  workspaceOwnerGroups: string[];
  workspaceOwnerSessionToken: string;
  /** The owner's OpenID Connect access token, when they sign in with OIDC (empty otherwise). */
  workspaceOwnerOidcAccessToken?: string;
  workspaceOwnerSshPublicKey: string;
  workspaceOwnerSshPrivateKey: string;
  workspaceOwnerLoginType: string;
  workspaceOwnerRbacRoles: Array<{ name: string; orgId: string }>;
  templateId: string;
  templateName: string;
  templateVersion: string;
  workspaceBuildId: string;
  workspaceBuildNumber?: number;
}

export interface NameValue {
  name: string;
  value: string;
}

export interface VariableValue extends NameValue {
  sensitive: boolean;
}

export type AcquiredJobKind =
  | {
      kind: 'workspace_build';
      workspaceBuildId: string;
      workspaceName: string;
      richParameterValues: NameValue[];
      /** Parameter values of the previous build, for `coder_parameter` monotonic checks. */
      previousParameterValues: NameValue[];
      variableValues: VariableValue[];
      externalAuthProviders: Array<{ id: string; accessToken: string }>;
      metadata: JobMetadata;
      /** The previous build's terraform state; empty for the first build. */
      state: Uint8Array;
      logLevel: string;
    }
  | { kind: 'template_import'; metadata: Partial<JobMetadata>; userVariableValues: NameValue[] }
  | { kind: 'template_dry_run'; richParameterValues: NameValue[]; variableValues: VariableValue[]; metadata: JobMetadata };

export interface AcquiredJob {
  jobId: string;
  /** Unix milliseconds. */
  createdAt: number;
  provisioner: 'terraform' | 'echo';
  userName: string;
  /** The template's tar archive. */
  templateSourceArchive: Uint8Array;
  type: AcquiredJobKind;
  /** From the request that queued the job (`request_id`), for the daemon's log lines (Coder's trace_metadata). */
  traceMetadata?: Record<string, string>;
}

export interface TemplateVariable {
  name: string;
  description: string;
  type: 'string' | 'number' | 'bool';
  defaultValue: string;
  required: boolean;
  sensitive: boolean;
}

export interface UpdateJobRequest {
  jobId: string;
  logs: JobLog[];
  templateVariables?: TemplateVariable[];
  userVariableValues?: NameValue[];
  readme?: string;
  workspaceTags?: Record<string, string>;
}

export interface UpdateJobResponse {
  /** The job was canceled: the daemon should stop terraform and fail the job. */
  canceled: boolean;
  variableValues: VariableValue[];
}

/**
 * How long one stage or resource action of a build took (Coder's provisionerd `Timing`): a whole
 * stage has resource `coder_stage_<stage>`; times are Unix milliseconds.
 */
export const jobTimingSchema = z.object({
  start: z.number().finite(),
  end: z.number().finite(),
  stage: z.enum(['init', 'plan', 'graph', 'apply']),
  source: z.string().max(256),
  action: z.string().max(256),
  resource: z.string().max(1024),
  state: z.enum(['completed', 'failed']).optional(),
});
export type JobTiming = z.infer<typeof jobTimingSchema>;

export type CompletedJobKind =
  | { kind: 'workspace_build'; state: Uint8Array; resources: Resource[]; timings?: JobTiming[] }
  | {
      kind: 'template_import';
      startResources: Resource[];
      stopResources: Resource[];
      richParameters: RichParameter[];
      externalAuthProviders: ExternalAuthProvider[];
      presets: Preset[];
    }
  | { kind: 'template_dry_run'; resources: Resource[] };

export interface CompletedJob {
  jobId: string;
  type: CompletedJobKind;
}

export interface FailedJob {
  jobId: string;
  error: string;
  errorCode?: 'REQUIRED_TEMPLATE_VARIABLES' | '';
  /** For builds: the state terraform left behind, kept so the next build can clean up. */
  state?: Uint8Array;
}

/** The daemon's view of the control plane. Every call is scoped to the daemon's own jobs. */
export interface ProvisionerDaemonApi {
  /** Waits for a job this daemon may run; undefined when `signal` aborts first. */
  acquireJob(signal: AbortSignal): Promise<AcquiredJob | undefined>;
  /** Sends logs and other progress; also the heartbeat. */
  updateJob(req: UpdateJobRequest): Promise<UpdateJobResponse>;
  completeJob(job: CompletedJob): Promise<void>;
  failJob(job: FailedJob): Promise<void>;
}

export type { ConvertedState };
