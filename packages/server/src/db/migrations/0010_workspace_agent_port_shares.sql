-- Ports a workspace's owner shares through the app proxy (Coder's workspace_agent_port_share):
-- one row per agent and port, at a sharing level no wider than the template's maximum.

CREATE TABLE workspace_agent_port_shares (
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    agent_name text NOT NULL,
    port integer NOT NULL CHECK (port BETWEEN 9 AND 65535),
    share_level text NOT NULL CHECK (share_level IN ('owner', 'authenticated', 'organization', 'public')),
    protocol text NOT NULL CHECK (protocol IN ('http', 'https')),
    PRIMARY KEY (workspace_id, agent_name, port)
);
