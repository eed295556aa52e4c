/**
 * Reaching a workspace agent through the server: finding the agent of `[owner/]workspace[.agent]`
 * and opening one of its stream WebSockets (`ssh`, `tcp?port=`) as a Node duplex.
 */
import type { Duplex } from 'node:stream';
import { ApiError, SESSION_TOKEN_HEADER, type Client, type Workspace, type WorkspaceAgent } from '@warren/sdk';
import WebSocket, { createWebSocketStream } from 'ws';
import { resolveWorkspace } from './commands/common';
import { CliError } from './io';
import { selfName } from './self';

export interface ResolvedAgent {
  workspace: Workspace;
  agent: WorkspaceAgent;
}

/** The agent named by `[owner/]workspace[.agent]`; the workspace must be running with its agent connected. */
export async function resolveAgent(client: Client, ref: string): Promise<ResolvedAgent> {
  const [wsRef, agentName] = splitAgent(ref);
  const workspace = await resolveWorkspace(client, wsRef);
  const build = workspace.latest_build;
  if (build.transition !== 'start' || build.status !== 'running') {
    throw new CliError(`Workspace "${workspace.name}" is ${build.status}; it must be running. Start it with '${selfName()} start ${workspace.name}'.`);
  }
  const agents = build.resources.flatMap((r) => r.agents ?? []);
  if (agents.length === 0) throw new CliError(`Workspace "${workspace.name}" has no agents.`);
  let agent: WorkspaceAgent | undefined;
  if (agentName) {
    agent = agents.find((a) => a.name === agentName);
    if (!agent) throw new CliError(`Workspace "${workspace.name}" has no agent named "${agentName}" (agents: ${agents.map((a) => a.name).join(', ')}).`);
  } else {
    if (agents.length > 1) throw new CliError(`Workspace "${workspace.name}" has several agents; name one: ${agents.map((a) => `${workspace.name}.${a.name}`).join(', ')}.`);
    agent = agents[0]!;
  }
  return { workspace, agent };
}

/** `owner/name.agent` → [`owner/name`, `agent`]. */
export function splitAgent(ref: string): [string, string | undefined] {
  const slash = ref.lastIndexOf('/');
  const dot = ref.indexOf('.', slash + 1);
  return dot < 0 ? [ref, undefined] : [ref.slice(0, dot), ref.slice(dot + 1) || undefined];
}

/**
 * Options of the stream WebSockets: no compression, and the masking key left at zero (masking
 * protects browsers' intermediaries from script-chosen payloads; with an all-zero key ws skips
 * copying every frame to mask it, and the server skips unmasking it).
 */
export const STREAM_WS_OPTIONS = { perMessageDeflate: false, generateMask: (mask: Buffer) => void mask.fill(0), handshakeTimeout: 30_000, maxPayload: 64 << 20 } as const;


/**
 * Opens `/api/v2/workspaceagents/{id}/{path}` as a WebSocket; refusals become the server's
 * sentence. `attach` runs before the socket can open: the first bytes of a server-first protocol
 * (SSH's banner) may arrive in the same read as the upgrade response.
 */
export function openAgentWebSocket(client: Client, agentId: string, path: string, attach: (ws: WebSocket) => void = () => undefined): Promise<WebSocket> {
  const url = new URL(`/api/v2/workspaceagents/${encodeURIComponent(agentId)}/${path}`, client.url);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const headers: Record<string, string> = client.sessionToken ? { [SESSION_TOKEN_HEADER]: client.sessionToken } : {};
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ...STREAM_WS_OPTIONS, headers });
    attach(ws);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        let body: { message: string; detail?: string };
        try {
          body = JSON.parse(text) as { message: string; detail?: string };
        } catch {
          body = { message: `The server answered ${res.statusCode}.` };
        }
        ws.terminate();
        reject(new ApiError(res.statusCode ?? 500, body));
      });
    });
    ws.once('error', (err) => reject(new CliError(`Could not connect to the workspace agent: ${err.message}`)));
  });
}

/** {@link openAgentWebSocket} with a Node duplex over the socket (for ssh2 and stdio). */
export async function openAgentStream(client: Client, agentId: string, path: string): Promise<{ ws: WebSocket; stream: Duplex }> {
  let stream!: Duplex;
  const ws = await openAgentWebSocket(client, agentId, path, (w) => {
    stream = createWebSocketStream(w);
    stream.on('error', () => w.terminate());
  }).catch((err: unknown) => {
    stream?.destroy();
    throw err;
  });
  return { ws, stream };
}

/** Resolves when the socket has closed, with the code and reason. */
export function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve({ code: 1006, reason: '' });
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}
