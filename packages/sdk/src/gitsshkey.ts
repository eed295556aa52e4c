/** A user's SSH key for Git in workspaces (`GET /api/v2/users/{user}/gitsshkey`), as in Coder. */
export interface GitSSHKey {
  user_id: string;
  created_at: string;
  updated_at: string;
  /** An authorized_keys line, e.g. `ssh-ed25519 AAAA...`. */
  public_key: string;
}

/** What a workspace agent receives (`GET /api/v2/workspaceagents/me/gitsshkey`). */
export interface AgentGitSSHKey {
  public_key: string;
  private_key: string;
}
