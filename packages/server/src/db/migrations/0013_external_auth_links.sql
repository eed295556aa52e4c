-- A user's tokens at an external auth provider (Coder's external_auth_links): what a workspace's
-- git, and its template's `data "coder_external_auth"`, use on the user's behalf. The tokens are
-- kept as the provider issued them: they are handed back out, so they cannot be hashed.

CREATE TABLE external_auth_links (
    provider_id text NOT NULL,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    oauth_access_token text NOT NULL,
    oauth_refresh_token text NOT NULL DEFAULT '',
    -- NULL: the token does not expire (GitHub OAuth apps).
    oauth_expiry timestamptz,
    oauth_extra jsonb,
    -- Why the last refresh failed; the refresh token is then dropped and not tried again.
    oauth_refresh_failure_reason text NOT NULL DEFAULT '',
    PRIMARY KEY (provider_id, user_id)
);

CREATE INDEX external_auth_links_user_id_idx ON external_auth_links (user_id);
