/**
 * How clients reach a workspace agent through the server (Warren's transport; Coder uses
 * tailnet). The agent keeps one control WebSocket to the server; for every client stream the
 * server asks the agent to dial back one WebSocket carrying that stream's bytes, so each stream
 * gets WebSocket/TCP flow control of its own and the server only pipes bytes.
 *
 * The server's own TCP streams (the app proxy) ask for a raw dial-back instead: the agent sends
 * `GET /me/streams/{id}` with `Upgrade: warren-stream`, the server answers 101, and from then on
 * the connection carries the stream's bytes unframed, so each side copies socket to socket and
 * the server's HTTP client parses the app's replies straight off a socket. An agent whose raw
 * dial-back is refused (a proxy in between that passes only WebSocket upgrades) dials back a
 * WebSocket for the same stream.
 */

/** Agent → server: the control connection (text frames, JSON). */
export const AGENT_CONTROL_PATH = '/api/v2/workspaceagents/me/control';
/** Agent → server: the dial-back of one stream (binary frames, raw bytes). */
export const agentStreamPath = (streamId: string) => `/api/v2/workspaceagents/me/streams/${encodeURIComponent(streamId)}`;
/** The `Upgrade` protocol of a raw dial-back (no framing after the 101). */
export const RAW_STREAM_PROTOCOL = 'warren-stream';

export type StreamRequest =
  /** A reconnecting PTY; frames in Coder's web-terminal format (client JSON `{data}` / `{height,width}`, agent raw output). */
  | { kind: 'pty'; reconnect: string; width: number; height: number; command?: string }
  /** A byte stream into the agent's SSH server. */
  | { kind: 'ssh' }
  /** A TCP connection to a port on the workspace's loopback; `raw` asks for a raw dial-back (see above). */
  | { kind: 'tcp'; port: number; raw?: boolean }
  /**
   * UDP to a port on the workspace's loopback. One binary WebSocket message is one datagram, both
   * ways (an empty message is an empty datagram); the agent sends from one UDP socket connected
   * to 127.0.0.1:port, so replies come back on the same stream. Each side queues at most
   * UDP_STREAM_QUEUE_BYTES per direction and drops datagrams past that, as a congested network
   * would; nothing is retransmitted or reordered on the way.
   */
  | { kind: 'udp'; port: number }
  /** Every frame comes back unchanged: the round trip through the server (`warren ping`). */
  | { kind: 'echo' }
  /** Throughput (`warren speedtest`); the protocol is described in @warren/sdk/speedtest. */
  | { kind: 'speedtest'; direction: SpeedtestDirection; duration_ms: number };

export type SpeedtestDirection = 'up' | 'down';

/** Bytes of datagrams one side of a `udp` stream queues per direction before it drops new ones. */
export const UDP_STREAM_QUEUE_BYTES = 1 << 20;

/** Server → agent over the control connection. */
export type AgentControlRequest =
  | ({ type: 'dial'; stream_id: string } & StreamRequest)
  | { type: 'ping' }
  /** Asks for the TCP ports listening in the workspace; answered by `listening_ports` with the same id. */
  | { type: 'listening_ports'; id: string };

/** Agent → server over the control connection. */
export type AgentControlReply =
  | { type: 'dial_error'; stream_id: string; message: string }
  | { type: 'pong' }
  | { type: 'listening_ports'; id: string; ports: ListeningPort[]; error?: string };

/** One listening TCP port, as in Coder's `GET /workspaceagents/{id}/listening-ports` (ports < 9 never listed). */
export interface ListeningPort {
  process_name: string;
  network: 'tcp';
  port: number;
}
