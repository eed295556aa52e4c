-- Provisioner keys (organization-scoped credentials of external provisioner daemons, with the tags
-- their daemons serve) and the workspace tags a template version's import reported.

CREATE TABLE provisioner_keys (
    id uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name text NOT NULL,
    -- sha256 of the secret; the secret itself is shown once.
    hashed_secret bytea NOT NULL,
    tags jsonb NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX provisioner_keys_org_name_key ON provisioner_keys (organization_id, lower(name));
CREATE UNIQUE INDEX provisioner_keys_hashed_secret_key ON provisioner_keys (hashed_secret);

-- `coder_workspace_tags` values reported by the import; overlaid on the tags of build jobs.
ALTER TABLE template_versions ADD COLUMN workspace_tags jsonb NOT NULL DEFAULT '{}';

CREATE INDEX provisioner_daemons_org ON provisioner_daemons (organization_id);
CREATE INDEX provisioner_jobs_worker ON provisioner_jobs (worker_id, completed_at);
