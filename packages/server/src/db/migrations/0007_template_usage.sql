-- The hours in which a user used a workspace of a template (its agent reported connections or
-- sessions), kept per hour so daily active users can be counted at any time zone offset.

CREATE TABLE template_usage_hours (
    template_id uuid NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hour timestamptz NOT NULL,
    PRIMARY KEY (template_id, hour, user_id)
);
