-- Which --external-token-encryption-keys key encrypted each token (the first 7 hex digits of the
-- key's SHA-256); NULL: stored as the provider issued it.

ALTER TABLE external_auth_links
    ADD COLUMN oauth_access_token_key_id text,
    ADD COLUMN oauth_refresh_token_key_id text;
