-- How long a build took: each provisioner stage and resource action the daemon measured, and each
-- agent script run the agent reported (Coder's provisioner_job_timings and
-- workspace_agent_script_timings).

CREATE TABLE provisioner_job_timings (
    job_id uuid NOT NULL REFERENCES provisioner_jobs (id) ON DELETE CASCADE,
    started_at timestamptz NOT NULL,
    ended_at timestamptz NOT NULL,
    stage text NOT NULL CHECK (stage IN ('init', 'plan', 'graph', 'apply')),
    source text NOT NULL,
    action text NOT NULL,
    resource text NOT NULL
);
CREATE INDEX provisioner_job_timings_job ON provisioner_job_timings (job_id, started_at);

CREATE TABLE workspace_agent_script_timings (
    script_id uuid NOT NULL REFERENCES workspace_agent_scripts (id) ON DELETE CASCADE,
    started_at timestamptz NOT NULL,
    ended_at timestamptz NOT NULL,
    exit_code integer NOT NULL,
    stage text NOT NULL CHECK (stage IN ('start', 'stop', 'cron')),
    status text NOT NULL CHECK (status IN ('ok', 'exit_failure', 'timed_out', 'pipes_left_open')),
    UNIQUE (script_id, started_at)
);
