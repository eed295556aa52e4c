/**
 * JSON shapes of Coder's HTTP agent API (`/api/v2/workspaceagents/me/*`) as the agent sends and
 * reads them. Field names are Coder's; durations marked `ns` are Go `time.Duration` nanoseconds.
 */

export type LifecycleState =
  | 'created'
  | 'starting'
  | 'start_timeout'
  | 'start_error'
  | 'ready'
  | 'shutting_down'
  | 'shutdown_timeout'
  | 'shutdown_error'
  | 'off';

/** Coder's `WorkspaceAgentLifecycleOrder`: a state is only ever followed by a later one. */
export const LIFECYCLE_ORDER: readonly LifecycleState[] = [
  'created',
  'starting',
  'start_timeout',
  'start_error',
  'ready',
  'shutting_down',
  'shutdown_timeout',
  'shutdown_error',
  'off',
];

export interface AgentScript {
  log_source_id: string;
  log_path?: string;
  script: string;
  cron?: string;
  run_on_start?: boolean;
  run_on_stop?: boolean;
  start_blocks_login?: boolean;
  /** ns; 0 means no timeout. */
  timeout?: number;
  display_name?: string;
  id?: string;
}

export interface MetadataDescription {
  display_name?: string;
  key: string;
  script: string;
  /** Seconds; 0 collects once. */
  interval: number;
  /** Seconds; 0 falls back to the interval. */
  timeout: number;
}

export interface AppHealthcheck {
  url: string;
  /** Seconds. */
  interval: number;
  threshold: number;
}

export interface ManifestApp {
  id: string;
  slug?: string;
  display_name?: string;
  url?: string;
  healthcheck?: AppHealthcheck | null;
  health?: string;
}

export interface Manifest {
  agent_id: string;
  agent_name?: string;
  owner_name?: string;
  workspace_id?: string;
  workspace_name?: string;
  apps?: ManifestApp[] | null;
  environment_variables?: Record<string, string> | null;
  directory?: string;
  motd_file?: string;
  metadata?: MetadataDescription[] | null;
  scripts?: AgentScript[] | null;
  /** Manifests of agents before `coder_script` (≤ v2.1) carry one start and one stop script. */
  startup_script?: string;
  /** ns */
  startup_script_timeout?: number;
  startup_script_behavior?: 'blocking' | 'non-blocking';
  shutdown_script?: string;
  /** ns */
  shutdown_script_timeout?: number;
}

export interface StartupRequest {
  version: string;
  expanded_directory: string;
  subsystems: string[];
}

export interface LifecycleRequest {
  state: LifecycleState;
  changed_at: string;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface AgentLog {
  created_at: string;
  output: string;
  level: LogLevel;
}

export interface PatchLogsRequest {
  log_source_id: string;
  logs: AgentLog[];
}

export interface LogSourceRequest {
  id: string;
  display_name: string;
  icon: string;
}

export interface StatsRequest {
  connections_by_proto: Record<string, number>;
  connection_count: number;
  connection_median_latency_ms: number;
  rx_packets: number;
  rx_bytes: number;
  tx_packets: number;
  tx_bytes: number;
  session_count_vscode: number;
  session_count_jetbrains: number;
  session_count_reconnecting_pty: number;
  session_count_ssh: number;
  metrics: { name: string; type: 'counter' | 'gauge'; value: number; labels: { name: string; value: string }[] }[];
}

export interface StatsResponse {
  /** ns */
  report_interval: number;
}

export interface MetadataResult {
  key: string;
  collected_at: string;
  /** Seconds since collection. */
  age: number;
  value: string;
  error: string;
}

export type AppHealth = 'initializing' | 'healthy' | 'unhealthy';

export interface AppHealthRequest {
  Healths: Record<string, AppHealth>;
}

/** The "External" log source every Coder deployment has. */
export const EXTERNAL_LOG_SOURCE_ID = '3b579bf4-1ed8-4b99-87a8-e9a1e3410410';

export const NS_PER_MS = 1_000_000;

/** How one script run went, reported to `POST /api/v2/workspaceagents/me/script-completed` (Coder's ScriptCompleted). */
export interface ScriptTiming {
  script_id: string;
  start: string;
  end: string;
  exit_code: number;
  stage: 'start' | 'stop' | 'cron';
  status: 'ok' | 'exit_failure' | 'timed_out' | 'pipes_left_open';
}
