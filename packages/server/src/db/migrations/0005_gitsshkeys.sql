-- Each user's SSH key for Git operations in their workspaces (Coder's gitsshkeys): the public key
-- is shown to the user, the private key is handed only to the agents of the user's own workspaces.

CREATE TABLE gitsshkeys (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    private_key text NOT NULL,
    public_key text NOT NULL
);
