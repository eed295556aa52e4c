import type { LogLevel, LogSource } from './provisionerd';

export type ProvisionerJobStatus = 'pending' | 'running' | 'succeeded' | 'canceling' | 'canceled' | 'failed' | 'unknown';
/** How many daemons could run a job; `available` counts those seen recently. */
export interface MatchedProvisioners {
  count: number;
  available: number;
  most_recently_seen?: string;
}

export type ProvisionerJobType = 'template_version_import' | 'workspace_build' | 'template_version_dry_run';

export interface ProvisionerJobInput {
  template_version_id?: string;
  workspace_build_id?: string;
  error?: string;
}

export interface ProvisionerJobMetadata {
  template_version_name: string;
  template_id: string;
  template_name: string;
  template_display_name: string;
  template_icon: string;
  workspace_id?: string;
  workspace_name?: string;
}

export interface ProvisionerJob {
  id: string;
  created_at: string;
  started_at?: string;
  completed_at?: string;
  canceled_at?: string;
  error?: string;
  error_code?: 'REQUIRED_TEMPLATE_VARIABLES' | '';
  status: ProvisionerJobStatus;
  worker_id?: string;
  /** The name of the daemon running (or that ran) the job. */
  worker_name?: string;
  file_id: string;
  tags: Record<string, string>;
  queue_position: number;
  queue_size: number;
  organization_id: string;
  /** The user whose request created the job. */
  initiator_id: string;
  input: ProvisionerJobInput;
  type: ProvisionerJobType;
  metadata: ProvisionerJobMetadata;
  /** Daemons whose tags allow this job (pending jobs only). */
  matched_provisioners?: MatchedProvisioners;
}

export interface ProvisionerJobLog {
  id: number;
  created_at: string;
  log_source: LogSource;
  log_level: LogLevel;
  stage: string;
  output: string;
}
