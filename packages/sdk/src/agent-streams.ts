/**
 * What clients read from a workspace agent through the server, and the URLs of its streams:
 * logs (JSON, or followed over a WebSocket), metadata (server-sent events) and the web terminal
 * (a WebSocket with Coder's reconnecting-PTY frames). Browser-safe.
 */

/** One line of an agent's script output (`GET /workspaceagents/{id}/logs`). */
export interface WorkspaceAgentLog {
  id: number;
  created_at: string;
  output: string;
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  source_id: string;
}

/** One item of `GET /workspaceagents/{id}/watch-metadata` (Coder's WorkspaceAgentMetadata). */
export interface WorkspaceAgentMetadata {
  description: { display_name: string; key: string; script: string; interval: number; timeout: number };
  result: { collected_at: string; age: number; value: string; error: string };
}

/** Client → agent frames of the web terminal: keystrokes, or a new window size. */
export type ReconnectingPtyRequest = { data: string } | { height: number; width: number };

function wsUrl(base: URL, path: string, params: Record<string, string | number | undefined>): URL {
  const url = new URL(path, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}

/** Follows an agent's logs: each text frame is a JSON array of WorkspaceAgentLog after `after`. */
export const agentLogsUrl = (base: URL, agentId: string, after = 0): URL =>
  wsUrl(base, `/api/v2/workspaceagents/${encodeURIComponent(agentId)}/logs`, { follow: 'true', after });

/** Server-sent events: `event: data` with WorkspaceAgentMetadata[] whenever a value changes. */
export const agentMetadataWatchUrl = (base: URL, agentId: string): URL =>
  new URL(`/api/v2/workspaceagents/${encodeURIComponent(agentId)}/watch-metadata`, base);

/**
 * The web terminal. The same `reconnect` id (a UUID) reattaches to the same shell, whose recent
 * output the agent replays first; the agent sends raw output bytes.
 */
export const agentPtyUrl = (base: URL, agentId: string, opts: { reconnect: string; width: number; height: number; command?: string }): URL =>
  wsUrl(base, `/api/v2/workspaceagents/${encodeURIComponent(agentId)}/pty`, { reconnect: opts.reconnect, width: opts.width, height: opts.height, command: opts.command || undefined });
