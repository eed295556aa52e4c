-- What a running workspace agent reports: its logs (Coder's workspace_agent_logs, capped per agent
-- by logs_length / logs_overflowed on workspace_agents), its latest stats and the latest result of
-- each metadata item described by the template.

CREATE TABLE workspace_agent_logs (
    id bigserial PRIMARY KEY,
    agent_id uuid NOT NULL REFERENCES workspace_agents (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    output text NOT NULL,
    level text NOT NULL DEFAULT 'info',
    log_source_id uuid NOT NULL
);
CREATE INDEX workspace_agent_logs_agent ON workspace_agent_logs (agent_id, id);

CREATE TABLE workspace_agent_stats (
    agent_id uuid PRIMARY KEY REFERENCES workspace_agents (id) ON DELETE CASCADE,
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    connection_count bigint NOT NULL DEFAULT 0,
    rx_bytes bigint NOT NULL DEFAULT 0,
    tx_bytes bigint NOT NULL DEFAULT 0,
    session_count_vscode bigint NOT NULL DEFAULT 0,
    session_count_jetbrains bigint NOT NULL DEFAULT 0,
    session_count_reconnecting_pty bigint NOT NULL DEFAULT 0,
    session_count_ssh bigint NOT NULL DEFAULT 0,
    connection_median_latency_ms double precision NOT NULL DEFAULT 0,
    payload jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE workspace_agent_metadata_results (
    workspace_agent_id uuid NOT NULL REFERENCES workspace_agents (id) ON DELETE CASCADE,
    key text NOT NULL,
    value text NOT NULL DEFAULT '',
    error text NOT NULL DEFAULT '',
    collected_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_agent_id, key)
);

ALTER TABLE workspace_agents ADD COLUMN subsystems text[] NOT NULL DEFAULT '{}';
