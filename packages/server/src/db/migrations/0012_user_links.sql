-- Accounts of an outside identity provider linked to Warren users (Coder's user_links): an OIDC
-- login finds its user by the provider's issuer and subject, whatever the email says today.

CREATE TABLE user_links (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    login_type text NOT NULL CHECK (login_type IN ('github', 'oidc')),
    linked_id text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, login_type)
);

CREATE UNIQUE INDEX user_links_linked_id_key ON user_links (login_type, linked_id);
