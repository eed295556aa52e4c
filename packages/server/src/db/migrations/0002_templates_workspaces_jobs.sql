-- Files, templates, template versions, workspaces, builds and the provisioner job queue.

-- Uploaded template sources, de-duplicated by content per uploader.
CREATE TABLE files (
    id uuid PRIMARY KEY,
    hash text NOT NULL,
    created_at timestamptz NOT NULL,
    created_by uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mimetype text NOT NULL,
    data bytea NOT NULL,
    UNIQUE (hash, created_by)
);

CREATE TABLE provisioner_daemons (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name text NOT NULL,
    provisioners text[] NOT NULL DEFAULT '{terraform}',
    tags jsonb NOT NULL DEFAULT '{"scope": "organization", "owner": ""}',
    version text NOT NULL DEFAULT '',
    api_version text NOT NULL DEFAULT '',
    key_id uuid,
    created_at timestamptz NOT NULL,
    last_seen_at timestamptz
);
CREATE UNIQUE INDEX provisioner_daemons_org_name_key ON provisioner_daemons (organization_id, lower(name));

-- Whether a daemon with `provisioner_tags` may run a job tagged `job_tags`: an untagged job (only
-- scope and owner) runs only on an exactly untagged organization daemon; any other job needs every
-- one of its tags on the daemon with the same value.
CREATE FUNCTION provisioner_tagset_contains(provisioner_tags jsonb, job_tags jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN job_tags = '{"scope": "organization", "owner": ""}'::jsonb THEN provisioner_tags = job_tags
        ELSE job_tags <@ provisioner_tags
    END
$$;

CREATE TABLE provisioner_jobs (
    id uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    started_at timestamptz,
    canceled_at timestamptz,
    completed_at timestamptz,
    error text NOT NULL DEFAULT '',
    error_code text NOT NULL DEFAULT '',
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    initiator_id uuid NOT NULL REFERENCES users (id),
    provisioner text NOT NULL CHECK (provisioner IN ('terraform', 'echo')),
    storage_method text NOT NULL DEFAULT 'file',
    type text NOT NULL CHECK (type IN ('template_version_import', 'workspace_build', 'template_version_dry_run')),
    input jsonb NOT NULL DEFAULT '{}',
    file_id uuid NOT NULL REFERENCES files (id),
    tags jsonb NOT NULL DEFAULT '{"scope": "organization", "owner": ""}',
    worker_id uuid REFERENCES provisioner_daemons (id) ON DELETE SET NULL,
    job_status text NOT NULL GENERATED ALWAYS AS (
        CASE
            WHEN completed_at IS NOT NULL THEN
                CASE WHEN error <> '' THEN 'failed' WHEN canceled_at IS NOT NULL THEN 'canceled' ELSE 'succeeded' END
            ELSE
                CASE WHEN error <> '' THEN 'failed' WHEN canceled_at IS NOT NULL THEN 'canceling'
                     WHEN started_at IS NOT NULL THEN 'running' ELSE 'pending' END
        END
    ) STORED
);
CREATE INDEX provisioner_jobs_pending ON provisioner_jobs (organization_id, created_at)
    WHERE started_at IS NULL AND completed_at IS NULL;
CREATE INDEX provisioner_jobs_running ON provisioner_jobs (updated_at)
    WHERE started_at IS NOT NULL AND completed_at IS NULL;

CREATE TABLE provisioner_job_logs (
    id bigserial PRIMARY KEY,
    job_id uuid NOT NULL REFERENCES provisioner_jobs (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    source text NOT NULL CHECK (source IN ('provisioner_daemon', 'provisioner')),
    level text NOT NULL CHECK (level IN ('trace', 'debug', 'info', 'warn', 'error')),
    stage text NOT NULL,
    output text NOT NULL
);
CREATE INDEX provisioner_job_logs_job ON provisioner_job_logs (job_id, id);

CREATE TABLE templates (
    id uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    deleted boolean NOT NULL DEFAULT false,
    name text NOT NULL,
    display_name text NOT NULL DEFAULT '',
    description text NOT NULL DEFAULT '',
    icon text NOT NULL DEFAULT '',
    provisioner text NOT NULL DEFAULT 'terraform',
    active_version_id uuid NOT NULL,
    created_by uuid NOT NULL REFERENCES users (id),
    default_ttl_ms bigint NOT NULL DEFAULT 0,
    activity_bump_ms bigint NOT NULL DEFAULT 3600000,
    autostop_requirement_days_of_week text[] NOT NULL DEFAULT '{}',
    autostop_requirement_weeks bigint NOT NULL DEFAULT 1,
    autostart_requirement_days_of_week text[] NOT NULL
        DEFAULT '{monday,tuesday,wednesday,thursday,friday,saturday,sunday}',
    allow_user_autostart boolean NOT NULL DEFAULT true,
    allow_user_autostop boolean NOT NULL DEFAULT true,
    allow_user_cancel_workspace_jobs boolean NOT NULL DEFAULT true,
    failure_ttl_ms bigint NOT NULL DEFAULT 0,
    time_til_dormant_ms bigint NOT NULL DEFAULT 0,
    time_til_dormant_autodelete_ms bigint NOT NULL DEFAULT 0,
    require_active_version boolean NOT NULL DEFAULT false,
    deprecation_message text NOT NULL DEFAULT '',
    max_port_share_level text NOT NULL DEFAULT 'public'
);
CREATE UNIQUE INDEX templates_org_name_key ON templates (organization_id, lower(name)) WHERE NOT deleted;

CREATE TABLE template_versions (
    id uuid PRIMARY KEY,
    template_id uuid REFERENCES templates (id) ON DELETE CASCADE,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    name text NOT NULL,
    message text NOT NULL DEFAULT '',
    readme text NOT NULL DEFAULT '',
    job_id uuid NOT NULL UNIQUE REFERENCES provisioner_jobs (id),
    created_by uuid NOT NULL REFERENCES users (id),
    archived boolean NOT NULL DEFAULT false,
    external_auth_providers jsonb NOT NULL DEFAULT '[]'
);
CREATE UNIQUE INDEX template_versions_template_name_key ON template_versions (template_id, lower(name))
    WHERE template_id IS NOT NULL;
CREATE INDEX template_versions_template ON template_versions (template_id, created_at);

ALTER TABLE templates ADD CONSTRAINT templates_active_version_fkey
    FOREIGN KEY (active_version_id) REFERENCES template_versions (id) DEFERRABLE INITIALLY DEFERRED;

-- Rich parameters (`data "coder_parameter"`) found by a successful import, in template order.
CREATE TABLE template_version_parameters (
    template_version_id uuid NOT NULL REFERENCES template_versions (id) ON DELETE CASCADE,
    position integer NOT NULL,
    name text NOT NULL,
    display_name text NOT NULL DEFAULT '',
    description text NOT NULL DEFAULT '',
    type text NOT NULL,
    mutable boolean NOT NULL,
    default_value text NOT NULL DEFAULT '',
    icon text NOT NULL DEFAULT '',
    options jsonb NOT NULL DEFAULT '[]',
    validation_regex text NOT NULL DEFAULT '',
    validation_error text NOT NULL DEFAULT '',
    validation_min integer,
    validation_max integer,
    validation_monotonic text NOT NULL DEFAULT '',
    required boolean NOT NULL,
    display_order integer NOT NULL DEFAULT 0,
    ephemeral boolean NOT NULL DEFAULT false,
    form_type integer NOT NULL DEFAULT 0,
    PRIMARY KEY (template_version_id, name)
);

-- Terraform `variable` blocks of a template version and the values in effect.
CREATE TABLE template_version_variables (
    template_version_id uuid NOT NULL REFERENCES template_versions (id) ON DELETE CASCADE,
    position integer NOT NULL,
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    type text NOT NULL,
    value text NOT NULL DEFAULT '',
    default_value text NOT NULL DEFAULT '',
    required boolean NOT NULL,
    sensitive boolean NOT NULL,
    PRIMARY KEY (template_version_id, name)
);

CREATE TABLE workspaces (
    id uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    owner_id uuid NOT NULL REFERENCES users (id),
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    template_id uuid NOT NULL REFERENCES templates (id),
    deleted boolean NOT NULL DEFAULT false,
    name text NOT NULL,
    autostart_schedule text,
    ttl_ms bigint,
    last_used_at timestamptz NOT NULL,
    dormant_at timestamptz,
    deleting_at timestamptz,
    automatic_updates text NOT NULL DEFAULT 'never' CHECK (automatic_updates IN ('always', 'never')),
    favorite boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX workspaces_owner_name_key ON workspaces (owner_id, lower(name)) WHERE NOT deleted;
CREATE INDEX workspaces_template ON workspaces (template_id) WHERE NOT deleted;

CREATE TABLE workspace_builds (
    id uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    template_version_id uuid NOT NULL REFERENCES template_versions (id),
    build_number integer NOT NULL,
    transition text NOT NULL CHECK (transition IN ('start', 'stop', 'delete')),
    initiator_id uuid NOT NULL REFERENCES users (id),
    provisioner_state bytea NOT NULL DEFAULT '',
    job_id uuid NOT NULL UNIQUE REFERENCES provisioner_jobs (id),
    deadline timestamptz,
    max_deadline timestamptz,
    reason text NOT NULL DEFAULT 'initiator',
    daily_cost integer NOT NULL DEFAULT 0,
    UNIQUE (workspace_id, build_number)
);

CREATE TABLE workspace_build_parameters (
    workspace_build_id uuid NOT NULL REFERENCES workspace_builds (id) ON DELETE CASCADE,
    name text NOT NULL,
    value text NOT NULL,
    PRIMARY KEY (workspace_build_id, name)
);

-- Resources reported by a job: an import's start and stop plans, or a build's applied state.
CREATE TABLE workspace_resources (
    id uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    job_id uuid NOT NULL REFERENCES provisioner_jobs (id) ON DELETE CASCADE,
    transition text NOT NULL CHECK (transition IN ('start', 'stop', 'delete')),
    type text NOT NULL,
    name text NOT NULL,
    hide boolean NOT NULL DEFAULT false,
    icon text NOT NULL DEFAULT '',
    instance_type text NOT NULL DEFAULT '',
    daily_cost integer NOT NULL DEFAULT 0,
    module_path text NOT NULL DEFAULT ''
);
CREATE INDEX workspace_resources_job ON workspace_resources (job_id);

CREATE TABLE workspace_resource_metadata (
    id bigserial PRIMARY KEY,
    workspace_resource_id uuid NOT NULL REFERENCES workspace_resources (id) ON DELETE CASCADE,
    key text NOT NULL,
    value text,
    sensitive boolean NOT NULL DEFAULT false
);
CREATE INDEX workspace_resource_metadata_resource ON workspace_resource_metadata (workspace_resource_id);

CREATE TABLE workspace_agents (
    id uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    resource_id uuid NOT NULL REFERENCES workspace_resources (id) ON DELETE CASCADE,
    name text NOT NULL,
    auth_token uuid NOT NULL,
    auth_instance_id text,
    architecture text NOT NULL,
    operating_system text NOT NULL,
    environment_variables jsonb NOT NULL DEFAULT '{}',
    directory text NOT NULL DEFAULT '',
    connection_timeout_seconds integer NOT NULL DEFAULT 0,
    troubleshooting_url text NOT NULL DEFAULT '',
    motd_file text NOT NULL DEFAULT '',
    display_apps text[] NOT NULL DEFAULT '{}',
    api_key_scope text NOT NULL DEFAULT 'all',
    display_order integer NOT NULL DEFAULT 0,
    first_connected_at timestamptz,
    last_connected_at timestamptz,
    disconnected_at timestamptz,
    started_at timestamptz,
    ready_at timestamptz,
    lifecycle_state text NOT NULL DEFAULT 'created',
    version text NOT NULL DEFAULT '',
    api_version text NOT NULL DEFAULT '',
    logs_length integer NOT NULL DEFAULT 0,
    logs_overflowed boolean NOT NULL DEFAULT false,
    expanded_directory text NOT NULL DEFAULT ''
);
CREATE INDEX workspace_agents_resource ON workspace_agents (resource_id);
CREATE UNIQUE INDEX workspace_agents_auth_token ON workspace_agents (auth_token);

CREATE TABLE workspace_agent_metadata_descriptions (
    workspace_agent_id uuid NOT NULL REFERENCES workspace_agents (id) ON DELETE CASCADE,
    key text NOT NULL,
    display_name text NOT NULL,
    script text NOT NULL,
    interval_seconds bigint NOT NULL,
    timeout_seconds bigint NOT NULL,
    display_order integer NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_agent_id, key)
);

CREATE TABLE workspace_agent_log_sources (
    id uuid PRIMARY KEY,
    workspace_agent_id uuid NOT NULL REFERENCES workspace_agents (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    display_name text NOT NULL,
    icon text NOT NULL DEFAULT ''
);

CREATE TABLE workspace_agent_scripts (
    id uuid PRIMARY KEY,
    workspace_agent_id uuid NOT NULL REFERENCES workspace_agents (id) ON DELETE CASCADE,
    log_source_id uuid NOT NULL REFERENCES workspace_agent_log_sources (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    display_name text NOT NULL,
    log_path text NOT NULL DEFAULT '',
    script text NOT NULL,
    cron text NOT NULL DEFAULT '',
    start_blocks_login boolean NOT NULL DEFAULT false,
    run_on_start boolean NOT NULL DEFAULT false,
    run_on_stop boolean NOT NULL DEFAULT false,
    timeout_seconds integer NOT NULL DEFAULT 0
);

CREATE TABLE workspace_apps (
    id uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    agent_id uuid NOT NULL REFERENCES workspace_agents (id) ON DELETE CASCADE,
    slug text NOT NULL,
    display_name text NOT NULL DEFAULT '',
    icon text NOT NULL DEFAULT '',
    command text,
    url text,
    external boolean NOT NULL DEFAULT false,
    subdomain boolean NOT NULL DEFAULT false,
    sharing_level text NOT NULL DEFAULT 'owner',
    healthcheck_url text NOT NULL DEFAULT '',
    healthcheck_interval integer NOT NULL DEFAULT 0,
    healthcheck_threshold integer NOT NULL DEFAULT 0,
    health text NOT NULL DEFAULT 'disabled',
    display_order integer NOT NULL DEFAULT 0,
    hidden boolean NOT NULL DEFAULT false,
    open_in text NOT NULL DEFAULT 'slim-window',
    display_group text NOT NULL DEFAULT '',
    tooltip text NOT NULL DEFAULT '',
    UNIQUE (agent_id, slug)
);
