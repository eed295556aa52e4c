-- Presets (`data "coder_workspace_preset"`) a template version's import found: named sets of
-- parameter values that fill the create-workspace form.

CREATE TABLE template_version_presets (
    id uuid PRIMARY KEY,
    template_version_id uuid NOT NULL REFERENCES template_versions (id) ON DELETE CASCADE,
    position integer NOT NULL,
    name text NOT NULL,
    parameters jsonb NOT NULL DEFAULT '[]',
    is_default boolean NOT NULL DEFAULT false,
    description text NOT NULL DEFAULT '',
    icon text NOT NULL DEFAULT '',
    desired_instances integer,
    UNIQUE (template_version_id, name)
);
