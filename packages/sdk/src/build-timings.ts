/** `GET /api/v2/workspacebuilds/{id}/timings`: how long each part of a build took (Coder's WorkspaceBuildTimings). */

export interface ProvisionerTiming {
  job_id: string;
  started_at: string;
  ended_at: string;
  stage: 'init' | 'plan' | 'graph' | 'apply';
  /** The resource's provider, or `coder`/`terraform` for whole stages. */
  source: string;
  action: string;
  /** A resource address, or `coder_stage_<stage>` for a whole stage. */
  resource: string;
}

export interface AgentScriptTiming {
  started_at: string;
  ended_at: string;
  exit_code: number;
  stage: 'start' | 'stop' | 'cron';
  status: 'ok' | 'exit_failure' | 'timed_out' | 'pipes_left_open';
  display_name: string;
  workspace_agent_id: string;
  workspace_agent_name: string;
}

/** From the agent's creation to its first connection. */
export interface AgentConnectionTiming {
  started_at: string;
  ended_at: string;
  stage: 'connect';
  workspace_agent_id: string;
  workspace_agent_name: string;
}

export interface WorkspaceBuildTimings {
  provisioner_timings: ProvisionerTiming[];
  agent_script_timings: AgentScriptTiming[];
  agent_connection_timings: AgentConnectionTiming[];
}
