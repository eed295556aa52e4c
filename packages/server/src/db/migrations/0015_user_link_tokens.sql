-- The OpenID Connect provider's tokens of a linked user (Coder keeps them in user_links too), for
-- templates that read `data.coder_workspace_owner.me.oidc_access_token`. Sealed like the external
-- auth tokens (the key ids say with which --external-token-encryption-keys key; NULL: none).

ALTER TABLE user_links
    ADD COLUMN oauth_access_token text NOT NULL DEFAULT '',
    ADD COLUMN oauth_access_token_key_id text,
    ADD COLUMN oauth_refresh_token text NOT NULL DEFAULT '',
    ADD COLUMN oauth_refresh_token_key_id text,
    ADD COLUMN oauth_expiry timestamptz;
